using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace ImagePin.Tests.Registry.Support;

/// <summary>
/// The token server the token-auth test registry names as its realm (http://127.0.0.1:PORT/token): issues
/// RS256 JWTs whose x5c header holds the certificate the registry trusts, to the configured user only.
/// One instance per test process, since the port is fixed; requests are counted per scope.
/// </summary>
internal sealed class TokenIssuer
{
    private static readonly Lazy<TokenIssuer> Instance = new(() => new TokenIssuer());
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create();
    private readonly string _certificate;
    private readonly string _issuer = TestRegistries.Require("IMAGEPIN_TEST_TOKEN_ISSUER");
    private readonly string _service = TestRegistries.Require("IMAGEPIN_TEST_TOKEN_SERVICE");
    private readonly ConcurrentDictionary<string, int> _requestsByScope = new();

    public static TokenIssuer Shared => Instance.Value;

    public string User { get; } = TestRegistries.Require("IMAGEPIN_TEST_TOKEN_USER");
    public string Password { get; } = TestRegistries.Require("IMAGEPIN_TEST_TOKEN_PASSWORD");

    private TokenIssuer()
    {
        var port = TestRegistries.Require("IMAGEPIN_TEST_TOKEN_ISSUER_PORT");
        _key.ImportFromPem(File.ReadAllText(TestRegistries.Require("IMAGEPIN_TEST_TOKEN_KEY")));
        _certificate = Convert.ToBase64String(X509Certificate2.CreateFromPem(File.ReadAllText(TestRegistries.Require("IMAGEPIN_TEST_TOKEN_CERT"))).RawData);
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/token/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Every token this issuer handed out over HTTP (tests search outputs for them).</summary>
    public ConcurrentBag<string> Issued { get; } = new();

    /// <summary>Token requests received for exactly this scope string (e.g. repository:x:pull).</summary>
    public int RequestsFor(string scope) => _requestsByScope.GetValueOrDefault(scope);

    /// <summary>A signed token granting <paramref name="actions"/> on one repository.</summary>
    public string Mint(string repository, params string[] actions)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(_certificate) };
        var access = new JsonArray();
        if (actions.Length > 0)
            access.Add(new JsonObject { ["type"] = "repository", ["name"] = repository, ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a!).ToArray()) });
        var claims = new JsonObject
        {
            ["iss"] = _issuer, ["sub"] = User, ["aud"] = _service,
            ["exp"] = now + 300, ["nbf"] = now - 10, ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"), ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            try { Answer(context); }
            catch (Exception) { context.Response.StatusCode = 500; }
            finally { context.Response.Close(); }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var query = context.Request.QueryString;
        var scope = string.Join(' ', query.GetValues("scope") ?? []);
        _requestsByScope.AddOrUpdate(scope, 1, (_, n) => n + 1);
        if (query["service"] != _service || !HasValidLogin(context.Request.Headers["Authorization"]))
        {
            context.Response.StatusCode = 401;
            return;
        }
        // scope = repository:NAME:pull,push ; the repository name itself holds no ':' in these tests.
        var fields = scope.Split(':');
        var token = fields.Length == 3 ? Mint(fields[1], fields[2].Split(',')) : Mint("", []);
        Issued.Add(token);
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = token, ["expires_in"] = 300 }.ToJsonString());
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
    }

    private bool HasValidLogin(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        return pair == $"{User}:{Password}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Lets the test pusher talk to the token registry: a push/pull/delete token per repository in the path.</summary>
internal sealed class MintedTokenHandler(TokenIssuer issuer) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath; // /v2/<repo>/(blobs|manifests)/...
        var end = new[] { path.IndexOf("/blobs/", StringComparison.Ordinal), path.IndexOf("/manifests/", StringComparison.Ordinal) }.Where(i => i > 0).Min();
        var repository = path["/v2/".Length..end];
        request.Headers.Authorization = new("Bearer", issuer.Mint(repository, "pull", "push", "delete"));
        return base.SendAsync(request, cancellationToken);
    }
}
