namespace ImagePin.Registry.Credentials;

/// <summary>
/// Registry names as credential files write them (<c>ghcr.io</c>, <c>host:5000</c>, <c>https://index.docker.io/v1/</c>,
/// <c>quay.io/org/repo</c>) reduced to a comparable lower-case host[:port] and optional repository path.
/// </summary>
internal readonly record struct RegistryKey(string Host, string? Path)
{
    public const string DockerHub = "docker.io";

    /// <summary>The server URL Docker itself uses for Docker Hub in config.json and with credential helpers.</summary>
    public const string DockerHubServerUrl = "https://index.docker.io/v1/";

    private static readonly string[] DockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io"];

    /// <summary>
    /// With a URL scheme the path is an API path (<c>/v1/</c>) and dropped; without one, as containers-auth.json(5)
    /// allows, it is a namespace or repository when <paramref name="keepNamespace"/> is set.
    /// </summary>
    public static RegistryKey Parse(string key, bool keepNamespace)
    {
        var text = key.Trim();
        var hadScheme = false;
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                text = text[scheme.Length..];
                hadScheme = true;
                break;
            }
        }
        var slash = text.IndexOf('/');
        var host = NormalizeHost(slash < 0 ? text : text[..slash]);
        var path = slash < 0 || hadScheme || !keepNamespace ? null : text[(slash + 1)..].Trim('/');
        return new RegistryKey(host, string.IsNullOrEmpty(path) ? null : path);
    }

    public static string NormalizeHost(string host)
    {
        var lower = host.Trim().TrimEnd('/').ToLowerInvariant();
        return DockerHubAliases.Contains(lower) ? DockerHub : lower;
    }

    /// <summary>What to send a credential helper: Docker Hub's historical URL, otherwise the host as <c>docker login</c> stores it.</summary>
    public static string HelperServerUrl(string normalizedHost) =>
        normalizedHost == DockerHub ? DockerHubServerUrl : normalizedHost;
}
