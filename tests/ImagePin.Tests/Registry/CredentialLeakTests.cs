using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ImagePin.Registry;
using ImagePin.Registry.Credentials;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>
/// Passwords, identity tokens and bearer tokens never appear in standard output, standard error, error messages or
/// exception text (each searched, plain and Base64), whatever the registry sends back; and a token realm's address is
/// checked again when the connection is opened, so a DNS answer that changes after the realm check (rebinding)
/// cannot send credentials to loopback or link-local addresses.
/// </summary>
public sealed class CredentialLeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every form a secret could be leaked in: as is, Base64 of user:secret, Base64 of the secret.</summary>
    private static IEnumerable<string> Forms(string user, string secret) =>
    [
        secret,
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
    ];

    private static void AssertClean(IEnumerable<string> secrets, params string[] texts)
    {
        foreach (var secret in secrets)
            foreach (var text in texts)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..Math.Min(4, secret.Length)]}…) appears in: {text}");
    }

    private static string DockerConfig(string registry, string user, string password) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["auths"] = new Dictionary<string, object>
        {
            [registry] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) },
        },
    });

    [Fact]
    public async Task A_registry_that_echoes_the_credentials_in_its_error_bodies_does_not_get_them_printed()
    {
        const string user = "leak-user";
        const string password = "Pa55-leak-7e3f91";
        var repository = TestRegistries.UniqueRepository("echo");
        await Pushers.Open().PushImageAsync(repository, "1", ImageFormat.Oci);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        // Anonymous requests are challenged; requests with credentials are refused with a body that repeats them.
        await using var proxy = new FaultProxy(TestRegistries.Open, r =>
        {
            var authorization = r.Headers.FirstOrDefault(h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
            if (authorization is null) return Fault.Answer(ProxyResponse.Plain(401, ("WWW-Authenticate", "Basic realm=\"echo\"")));
            var echo = $$"""{"errors":[{"code":"DENIED","message":"denied for {{authorization}} ({{user}}:{{password}})","detail":"{{basic}} {{password}}"}]}""";
            return Fault.Answer(new ProxyResponse(403, [("Content-Type", "application/json")], Encoding.UTF8.GetBytes(echo)));
        });
        using var tree = new TempTree()
            .Write("Dockerfile", $"FROM {proxy.Authority}/{repository}:1\n")
            .Write("docker/config.json", DockerConfig(proxy.Authority, user, password));
        var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = tree.PathOf("docker") };

        var pin = CliRun.Invoke(tree.Root, environment, "pin", "--format", "json");
        var resolve = CliRun.Invoke(tree.Root, environment, "resolve", $"{proxy.Authority}/{repository}:1");
        var check = CliRun.Invoke(tree.Root, environment, "check", "--format", "sarif");

        Assert.Equal(3, pin.ExitCode);
        Assert.Equal(3, resolve.ExitCode);
        Assert.Contains("403", pin.Out + pin.Error);
        Assert.Contains("[redacted]", resolve.Error); // the registry's message is kept, less what it repeated
        Assert.True(proxy.Count(r => r.Headers.Any(h => h.Name == "Authorization")) > 0, "the credentials were never sent, so the test proves nothing");
        AssertClean(Forms(user, password), pin.Out, pin.Error, resolve.Out, resolve.Error, check.Out, check.Error);
    }

    [Fact]
    public async Task Token_registry_runs_print_neither_the_password_nor_any_token()
    {
        var issuer = TokenIssuer.Shared;
        var repository = TestRegistries.UniqueRepository("leak-token");
        await Pushers.Token().PushImageAsync(repository, "1", ImageFormat.Oci);
        var image = $"{TestRegistries.Token}/{repository}";
        using var tree = new TempTree()
            .Write("Dockerfile", $"FROM {image}:1\nFROM {image}:no-such-tag\n")
            .Write("right/config.json", DockerConfig(TestRegistries.Token, issuer.User, issuer.Password))
            .Write("wrong/config.json", DockerConfig(TestRegistries.Token, issuer.User, "wrong-" + issuer.Password));

        var runs = new List<CliRun>();
        foreach (var config in new[] { "right", "wrong" })
        {
            var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = tree.PathOf(config) };
            runs.Add(CliRun.Invoke(tree.Root, environment, "pin", "--dry-run"));
            runs.Add(CliRun.Invoke(tree.Root, environment, "pin", "--format", "json", "--dry-run"));
            runs.Add(CliRun.Invoke(tree.Root, environment, "verify", "--format", "json"));
            runs.Add(CliRun.Invoke(tree.Root, environment, "resolve", $"{image}:1", $"{image}:nope"));
        }

        Assert.Contains(runs, r => r.Out.Contains("sha256:", StringComparison.Ordinal)); // the right credentials worked
        Assert.Contains(runs, r => r.Error.Contains("refused", StringComparison.Ordinal)); // the wrong ones were refused
        Assert.NotEmpty(issuer.Issued);
        var secrets = Forms(issuer.User, issuer.Password).Concat(Forms(issuer.User, "wrong-" + issuer.Password)).Concat(issuer.Issued).ToList();
        AssertClean(secrets, [.. runs.Select(r => r.Out), .. runs.Select(r => r.Error)]);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Failures_at_every_step_of_the_token_handshake_keep_secrets_out_of_the_exception(HttpStatusCode tokenStatus)
    {
        const string realmHost = "203.0.113.10";
        const string password = "hunter3-c0ffee";
        const string identity = "refresh-5ecret-b0b";
        const string token = "issued-t0ken-f00d";
        var fake = new FakeRegistry((request, n) =>
        {
            if (request.RequestUri!.Host == realmHost)
                return n % 2 == 0 ? FakeRegistry.Status(tokenStatus, $$"""{"token":"{{token}}","error":"{{password}}"}""") : FakeRegistry.Status(HttpStatusCode.OK, $$"""{"token":"{{token}}"}""");
            return request.Headers.Authorization is null
                ? FakeRegistry.Challenge($"Bearer realm=\"https://{realmHost}/token\",service=\"svc\"")
                : FakeRegistry.Status(HttpStatusCode.Forbidden, $$"""{"errors":[{"code":"DENIED","message":"{{request.Headers.Authorization}}"}]}""");
        });
        foreach (var credential in new[] { new RegistryCredential("alice", password, null), new RegistryCredential(null, null, identity) })
        {
            using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 1 }, new StaticCredentials(("198.51.100.7", credential)), fake);

            var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("198.51.100.7", "team/app", "v1", null, Ct));

            AssertClean([.. Forms("alice", password), identity, token], error.ToString(), error.Message);
        }
    }

    /// <summary>Answers the host names the test names, one answer after another (the last one repeats); no real DNS.</summary>
    private sealed class ScriptedDns(params (string Host, IPAddress[][] Answers)[] script)
    {
        private readonly ConcurrentDictionary<string, int> _asked = new();

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            var answers = script.FirstOrDefault(s => s.Host == host).Answers ?? throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
            var n = _asked.AddOrUpdate(host, 1, (_, v) => v + 1);
            return Task.FromResult(answers[Math.Min(n, answers.Length) - 1]);
        }
    }

    /// <summary>
    /// A registry (registry.test, reached as plain HTTP) whose Bearer challenge names http://auth.test:PORT/token, each
    /// a proxy on loopback; the registry answers a manifest to requests with a token.
    /// </summary>
    private static (FaultProxy Registry, FaultProxy Realm, byte[] Manifest) Realms(ConcurrentQueue<string> tokenRequests)
    {
        var manifest = FakeRegistry.ImageManifest();
        FaultProxy? realm = null;
        realm = new FaultProxy("127.0.0.1:9", r =>
        {
            tokenRequests.Enqueue(r.Headers.FirstOrDefault(h => h.Name == "Authorization").Value ?? "");
            return Fault.Answer(new ProxyResponse(200, [("Content-Type", "application/json")], """{"token":"tok"}"""u8.ToArray()));
        });
        var port = realm.Authority.Split(':')[1];
        var registry = new FaultProxy("127.0.0.1:9", r => r.Headers.Any(h => h.Name == "Authorization")
            ? Fault.Answer(new ProxyResponse(200, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"), ("Docker-Content-Digest", FakeRegistry.Sha256(manifest))], manifest))
            : Fault.Answer(ProxyResponse.Plain(401, ("WWW-Authenticate", $"Bearer realm=\"http://auth.test:{port}/token\",service=\"svc\""))));
        return (registry, realm, manifest);
    }

    private static RegistryClient Client(string registryAuthority, ScriptedDns dns) => new(
        new RegistryOptions
        {
            MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RequestTimeout = TimeSpan.FromSeconds(5),
            Routing = new RegistryRouting(insecureRegistries: [registryAuthority]), ResolveHost = dns.ResolveAsync,
        },
        new StaticCredentials((registryAuthority, new RegistryCredential("alice", "rebind-secret", null))));

    /// <summary>Resolves team/app:v1 from registry.test (always loopback) with auth.test answering <paramref name="realmAnswers"/> in turn.</summary>
    private static async Task<(string? Digest, RegistryException? Error, IReadOnlyCollection<string> TokenRequests, byte[] Manifest)> ResolveThroughRealmAsync(params IPAddress[][] realmAnswers)
    {
        var tokenRequests = new ConcurrentQueue<string>();
        var (registry, realm, manifest) = Realms(tokenRequests);
        await using var r1 = registry;
        await using var r2 = realm;
        var authority = $"registry.test:{registry.Authority.Split(':')[1]}";
        using var client = Client(authority, new ScriptedDns(("registry.test", [[IPAddress.Loopback]]), ("auth.test", realmAnswers)));
        try
        {
            return ((await client.ResolveAsync(authority, "team/app", "v1", null, Ct)).Digest, null, tokenRequests, manifest);
        }
        catch (RegistryException e)
        {
            Assert.Equal(0, realm.Count());
            return (null, e, tokenRequests, manifest);
        }
    }

    [Fact]
    public async Task A_realm_that_was_public_at_the_check_and_resolves_to_loopback_at_connect_time_gets_nothing()
    {
        // The realm check sees a public address; the connection would go to loopback: rebinding.
        var (_, error, tokenRequests, _) = await ResolveThroughRealmAsync([IPAddress.Parse("203.0.113.9")], [IPAddress.Loopback]);

        Assert.Equal(RegistryErrorKind.Security, error!.Kind);
        Assert.Contains("refusing to connect to token realm host auth.test", error.Message);
        Assert.Contains("loopback", error.Message);
        Assert.Empty(tokenRequests);
        AssertClean(Forms("alice", "rebind-secret"), error.ToString());
    }

    [Fact]
    public async Task A_realm_that_turns_link_local_at_connect_time_is_refused_for_a_loopback_registry()
    {
        var (_, error, tokenRequests, _) = await ResolveThroughRealmAsync([IPAddress.Loopback], [IPAddress.Parse("169.254.169.254")]);

        Assert.Equal(RegistryErrorKind.Security, error!.Kind);
        Assert.Contains("link-local", error.Message);
        Assert.Empty(tokenRequests);
    }

    [Fact]
    public async Task A_loopback_realm_of_a_loopback_registry_is_connected_to_and_the_token_used()
    {
        var (digest, error, tokenRequests, manifest) = await ResolveThroughRealmAsync([IPAddress.Loopback]);

        Assert.Null(error);
        Assert.Equal(FakeRegistry.Sha256(manifest), digest);
        Assert.StartsWith("Basic ", Assert.Single(tokenRequests));
    }
}
