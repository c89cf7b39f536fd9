namespace ImagePin.Registry.Transport;

/// <summary>What the handlers need to know about a registry request beyond its URI.</summary>
internal static class RequestContext
{
    /// <summary>The registry as the user named it (e.g. docker.io): the key for credentials.</summary>
    public static readonly HttpRequestOptionsKey<string> Registry = new("imagepin.registry");

    /// <summary>The repository, for the default token scope repository:NAME:pull.</summary>
    public static readonly HttpRequestOptionsKey<string> Repository = new("imagepin.repository");

    /// <summary>Whether the auth handler sent credentials (Basic, or a token got with them), for error messages.</summary>
    public static readonly HttpRequestOptionsKey<bool> SentCredentials = new("imagepin.sentCredentials");

    /// <summary>Attempts made so far, written by the retry handler for error messages.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempts = new("imagepin.attempts");

    /// <summary>
    /// The address scopes a connection opened for this request may reach (set on token requests by the realm check);
    /// checked at connect time, so a DNS answer that changed since the check cannot redirect credentials.
    /// </summary>
    public static readonly HttpRequestOptionsKey<IReadOnlySet<AddressScope>> AllowedScopes = new("imagepin.allowedScopes");

    public static string? Get(this HttpRequestMessage request, HttpRequestOptionsKey<string> key) =>
        request.Options.TryGetValue(key, out var v) ? v : null;
}
