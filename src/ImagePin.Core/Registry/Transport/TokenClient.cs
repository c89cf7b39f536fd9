using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ImagePin.Registry.Credentials;

namespace ImagePin.Registry.Transport;

/// <param name="Registry">The registry as the user named it, for messages.</param>
/// <param name="RegistryUri">The request being authorised; its scheme and host decide what realms are acceptable.</param>
internal sealed record TokenRequest(string Registry, Uri RegistryUri, AuthChallenge Challenge, string? Scope, RegistryCredential? Credential);

/// <summary>
/// Fetches bearer tokens from a challenge's realm and caches them per realm/service/scope until they
/// expire. Concurrent callers for the same key share one request.
/// </summary>
/// <param name="bodyTimeout">Time allowed for reading a token response's body.</param>
/// <param name="resolve">A host name's addresses (the realm check's DNS lookups).</param>
internal sealed class TokenClient(HttpMessageInvoker transport, Func<string, bool> isPlainHttpRegistry, TimeSpan bodyTimeout,
    Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    private const int MaxTokenResponseBytes = 1024 * 1024;
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedToken>>> _cache = new();

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt);

    public async Task<string> GetTokenAsync(TokenRequest request, bool refresh, CancellationToken ct)
    {
        var realm = request.Challenge["realm"]!;
        var key = $"{realm}\n{request.Challenge["service"]}\n{request.Scope}";
        while (true)
        {
            var entry = _cache.GetOrAdd(key, _ => new Lazy<Task<CachedToken>>(() => FetchAsync(request, ct)));
            CachedToken token;
            try
            {
                token = await entry.Value.ConfigureAwait(false);
            }
            catch
            {
                _cache.TryRemove(new KeyValuePair<string, Lazy<Task<CachedToken>>>(key, entry));
                throw;
            }
            if (!refresh && token.ExpiresAt > DateTimeOffset.UtcNow) return token.Value;
            refresh = false; // one fresh fetch, then use whatever it gave
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<CachedToken>>>(key, entry));
        }
    }

    private async Task<CachedToken> FetchAsync(TokenRequest request, CancellationToken ct)
    {
        var (realm, allowed) = await CheckRealmAsync(request, ct).ConfigureAwait(false);
        using var message = BuildRequest(request, realm);
        message.Options.Set(RequestContext.AllowedScopes, allowed);
        using var response = await transport.SendAsync(message, ct).ConfigureAwait(false);
        var where = $"token server {realm.GetLeftPart(UriPartial.Path)} for {request.Registry}";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var who = request.Credential?.Username is { Length: > 0 } u ? $"the credentials of user '{u}'" : "anonymous access";
            throw new RegistryException(RegistryErrorKind.Unauthorized, $"{where} refused {who} (HTTP {(int)response.StatusCode})");
        }
        if (!response.IsSuccessStatusCode)
            throw new RegistryException(RegistryErrorKind.Protocol, $"{where} answered HTTP {(int)response.StatusCode}");
        byte[]? body;
        try
        {
            body = await BoundedBody.ReadAsync(response.Content, MaxTokenResponseBytes, bodyTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new RegistryException(RegistryErrorKind.Timeout, $"{where}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RegistryException(RegistryErrorKind.Network, $"{where}: the connection failed while reading the token ({e.Message})", e);
        }
        return ParseToken(body ?? throw new RegistryException(RegistryErrorKind.TooLarge, $"{where} sent a response over {MaxTokenResponseBytes} bytes"), where);
    }

    private static CachedToken ParseToken(byte[] body, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            string? Str(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var token = Str("token") is { Length: > 0 } t ? t : Str("access_token");
            if (string.IsNullOrEmpty(token))
                throw new RegistryException(RegistryErrorKind.Protocol, $"{where} sent no 'token' or 'access_token'");
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
            // Renew a little early so a token does not expire between cache check and use.
            var margin = lifetime > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(10) : TimeSpan.Zero;
            return new CachedToken(token, DateTimeOffset.UtcNow + lifetime - margin);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException) // invalid UTF-8 in a string surfaces when it is read
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"{where} sent a response that is not JSON ({ex.Message})", ex);
        }
    }

    private static HttpRequestMessage BuildRequest(TokenRequest request, Uri realm)
    {
        var service = request.Challenge["service"];
        var scopes = request.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var credential = request.Credential;
        if (credential?.IdentityToken is { Length: > 0 } refreshToken)
        {
            // OAuth2 refresh-token grant, as Docker does for identity tokens.
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"), new("refresh_token", refreshToken), new("client_id", "imagepin"),
            };
            if (service is not null) form.Add(new("service", service));
            form.AddRange(scopes.Select(s => new KeyValuePair<string, string>("scope", s)));
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        var query = new List<string>();
        if (service is not null) query.Add("service=" + Uri.EscapeDataString(service));
        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var uri = new UriBuilder(realm);
        var existing = uri.Query.TrimStart('?');
        uri.Query = string.Join('&', new[] { existing }.Where(q => q.Length > 0).Concat(query));
        var message = new HttpRequestMessage(HttpMethod.Get, uri.Uri);
        if (credential is { Username: { Length: > 0 } user, Password: { } password })
            message.Headers.Authorization = AuthHandler.BasicHeader(user, password);
        return message;
    }

    private static readonly IReadOnlySet<AddressScope> PublicOnly = new HashSet<AddressScope> { AddressScope.Public };
    private static readonly IReadOnlySet<AddressScope> NotLinkLocal = new HashSet<AddressScope> { AddressScope.Public, AddressScope.Private, AddressScope.Loopback };
    private static readonly IReadOnlySet<AddressScope> Any = new HashSet<AddressScope>(Enum.GetValues<AddressScope>());

    /// <summary>
    /// Credentials go to the realm, so it must be https unless the registry itself is reached over plain
    /// http, and must not lead to a link-local or private address unless the registry is on one itself. Returns the
    /// address scopes the connection to the realm may reach, which the connect step checks again (DNS rebinding).
    /// </summary>
    private async Task<(Uri Realm, IReadOnlySet<AddressScope> Allowed)> CheckRealmAsync(TokenRequest request, CancellationToken ct)
    {
        var text = request.Challenge["realm"]!;
        var registryAuthority = request.RegistryUri.Authority;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
            throw new RegistryException(RegistryErrorKind.Protocol, $"{request.Registry} named a token realm that is not an http(s) URL: '{Truncate(text)}'");
        var registryIsPlainHttp = request.RegistryUri.Scheme == Uri.UriSchemeHttp || isPlainHttpRegistry(registryAuthority);
        if (realm.Scheme == Uri.UriSchemeHttp && !registryIsPlainHttp)
            throw new RegistryException(RegistryErrorKind.Security, $"{request.Registry} named a plain-http token realm ({realm.GetLeftPart(UriPartial.Path)}); refusing to send credentials there");
        var realmScope = await RegistryHosts.ResolveScopeAsync(realm.IdnHost.Trim('[', ']'), resolve, ct).ConfigureAwait(false);
        // A public realm stays public: the connection to it may reach public addresses only.
        if (realmScope == AddressScope.Public) return (realm, PublicOnly);
        var registryScope = await RegistryHosts.ResolveScopeAsync(RegistryHosts.HostOf(registryAuthority), resolve, ct).ConfigureAwait(false);
        // Link-local realms (cloud metadata endpoints live there) only for link-local registries;
        // private and loopback realms for any registry that is not public itself.
        var allowed = realmScope == AddressScope.LinkLocal ? registryScope == AddressScope.LinkLocal : registryScope != AddressScope.Public;
        if (!allowed)
            throw new RegistryException(RegistryErrorKind.Security,
                $"{request.Registry} named a token realm on a {Describe(realmScope)} address ({realm.GetLeftPart(UriPartial.Path)}) while the registry itself is on a {Describe(registryScope)} address; refusing to follow it");
        return (realm, registryScope == AddressScope.LinkLocal ? Any : NotLinkLocal);
    }

    internal static string Describe(AddressScope scope) => scope switch
    {
        AddressScope.LinkLocal => "link-local",
        AddressScope.Loopback => "loopback",
        AddressScope.Private => "private",
        _ => "public",
    };

    private static string Truncate(string s) => s.Length <= 100 ? s : s[..100] + "…";
}
