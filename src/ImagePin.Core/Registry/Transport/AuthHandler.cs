using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImagePin.Registry.Credentials;

namespace ImagePin.Registry.Transport;

/// <summary>
/// The registry auth handshake: a request goes anonymously first; on 401 the WWW-Authenticate challenge
/// says Basic (credentials sent to the registry's own origin only) or Bearer (a token fetched from the
/// realm, cached per realm/service/scope). A registry's challenge is remembered so later requests
/// authenticate up front instead of paying a 401 each.
/// </summary>
internal sealed class AuthHandler(ICredentialSource credentials, TokenClient tokens, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Registry, string? Repository), Task<RegistryCredential?>> _credentials = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var registryUri = request.RequestUri!;
        var authority = registryUri.Authority;
        var registry = request.Get(RequestContext.Registry) ?? authority;
        var repository = request.Get(RequestContext.Repository);

        var known = _challenges.TryGetValue(authority, out var remembered);
        if (known)
            await AuthorizeAsync(request, registry, remembered!, DefaultScope(repository), refresh: false, cancellationToken).ConfigureAwait(false);

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        var challenges = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            ? values.SelectMany(AuthChallenge.Parse).ToList() : [];
        var challenge = challenges.FirstOrDefault(c => c.IsBearer && c["realm"] is not null) ?? challenges.FirstOrDefault(c => c.IsBasic);
        if (challenge is null)
            return response; // nothing we can answer: the caller reports the 401
        if (known && challenge.IsBasic && request.Headers.Authorization is not null)
            return response; // the credentials were just rejected
        response.Dispose();
        _challenges[authority] = challenge;
        var scope = challenge["scope"] ?? DefaultScope(repository);
        await AuthorizeAsync(request, registry, challenge, scope, refresh: known, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RegistryCredential?> LookUpCredentialAsync((string Registry, string? Repository) key)
    {
        var registry = key.Registry;
        try
        {
            return await credentials.GetAsync(registry, key.Repository, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RegistryException and not OperationCanceledException)
        {
            throw new RegistryException(RegistryErrorKind.Configuration, $"cannot read the credentials for {registry}: {e.Message}", e);
        }
    }

    private static string? DefaultScope(string? repository) => repository is null ? null : $"repository:{repository}:pull";

    private async Task AuthorizeAsync(HttpRequestMessage request, string registry, AuthChallenge challenge, string? scope, bool refresh, CancellationToken ct)
    {
        // Per repository: a containers auth.json may hold different credentials for quay.io/org-a and quay.io/org-b.
        var credential = await _credentials.GetOrAdd((registry.ToLowerInvariant(), request.Get(RequestContext.Repository)), LookUpCredentialAsync).ConfigureAwait(false);
        request.Options.Set(RequestContext.SentCredentials, credential is not null);
        if (challenge.IsBasic)
        {
            if (credential is not { Username: { Length: > 0 } user, Password: { } password })
                throw new RegistryException(RegistryErrorKind.Unauthorized, $"{registry} requires a login (Basic auth) and no credentials are configured for it");
            request.Headers.Authorization = BasicHeader(user, password);
            return;
        }
        var token = await tokens.GetTokenAsync(new TokenRequest(registry, request.RequestUri!, challenge, scope, credential), refresh, ct).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    internal static AuthenticationHeaderValue BasicHeader(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
