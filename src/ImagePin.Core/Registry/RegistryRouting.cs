namespace ImagePin.Registry;

/// <summary>
/// Where a registry's API is reached and how: Docker Hub's names map to its API host, mirrors replace a registry
/// for every request (the files keep the original name), and insecure registries may use plain HTTP and skip TLS
/// verification. One instance per run, from the settings and the command line.
/// </summary>
internal sealed class RegistryRouting
{
    private const string DockerHubApi = "registry-1.docker.io";
    private readonly Dictionary<string, string> _mirrors;
    private readonly HashSet<string> _insecure;

    /// <param name="mirrors">Registry (as written in references, e.g. <c>docker.io</c>) → the host[:port] to ask instead.</param>
    /// <param name="insecureRegistries">host or host:port of registries that may use plain HTTP and unverified TLS.</param>
    public RegistryRouting(IReadOnlyDictionary<string, string>? mirrors = null, IReadOnlyCollection<string>? insecureRegistries = null)
    {
        _mirrors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (registry, mirror) in mirrors ?? new Dictionary<string, string>())
            _mirrors[Canonical(registry)] = mirror;
        _insecure = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var registry in insecureRegistries ?? [])
        {
            var authority = AuthorityOf(registry);
            _insecure.Add(authority);
            _insecure.Add(RegistryHosts.HostOf(authority));
        }
    }

    public static RegistryRouting Direct { get; } = new();

    public IReadOnlyCollection<string> InsecureHosts => _insecure;

    /// <summary>The host:port whose <c>/v2/</c> API serves <paramref name="registry"/>, lower case.</summary>
    public string AuthorityOf(string registry)
    {
        var canonical = Canonical(registry);
        if (_mirrors.TryGetValue(canonical, out var mirror)) return mirror.ToLowerInvariant();
        return canonical == "docker.io" ? DockerHubApi : canonical;
    }

    /// <summary>
    /// Whether requests for <paramref name="registry"/> go to Docker Hub itself (not a mirror), where every manifest
    /// GET counts toward the pull rate limit and a HEAD does not.
    /// </summary>
    public bool IsDockerHub(string registry) => AuthorityOf(registry) == DockerHubApi;

    /// <summary>Whether a mirror serves <paramref name="registry"/> (its credentials are then the mirror's).</summary>
    public bool IsMirrored(string registry) => _mirrors.ContainsKey(Canonical(registry));

    /// <summary>Loopback registries and those listed as insecure may fall back to plain HTTP, as Docker allows.</summary>
    public bool IsInsecure(string authority) =>
        _insecure.Contains(authority) || _insecure.Contains(RegistryHosts.HostOf(authority)) || RegistryHosts.IsLoopback(authority);

    /// <summary>TLS certificates of these hosts are not verified (listed insecure registries only, not loopback).</summary>
    public bool SkipsTlsVerification(string host) => _insecure.Contains(host);

    // docker.io, index.docker.io, registry.hub.docker.com and the API host itself are one registry.
    private static string Canonical(string registry) => registry.ToLowerInvariant() switch
    {
        "docker.io" or "index.docker.io" or "registry.hub.docker.com" or DockerHubApi => "docker.io",
        var other => other,
    };
}
