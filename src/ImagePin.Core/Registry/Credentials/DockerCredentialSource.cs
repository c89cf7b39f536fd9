using System.Collections.Concurrent;

namespace ImagePin.Registry.Credentials;

/// <summary>
/// Finds the credentials a user already has for <c>docker</c> or <c>podman</c>, in this order:
/// Docker config.json <c>credHelpers</c> for the registry, its <c>credsStore</c>, its <c>auths</c>;
/// then each containers auth.json's <c>credHelpers</c> and <c>auths</c> (most specific key first).
/// Files are read once and answers are cached per registry for the life of the instance.
/// </summary>
internal sealed class DockerCredentialSource : ICredentialSource
{
    public static readonly TimeSpan DefaultHelperTimeout = TimeSpan.FromSeconds(10);

    private readonly Func<string, string?> environment;
    private readonly TimeSpan helperTimeout;
    private readonly Lazy<AuthConfigFile?> dockerConfig;
    private readonly IReadOnlyList<Lazy<AuthConfigFile?>> containersAuthFiles;
    private readonly ConcurrentDictionary<(string Host, string? Repository), Lazy<Task<RegistryCredential?>>> cache = new();

    public DockerCredentialSource(Func<string, string?> environment, string homeDirectory, TimeSpan? helperTimeout = null)
    {
        this.environment = environment;
        this.helperTimeout = helperTimeout ?? DefaultHelperTimeout;
        var locations = CredentialFileLocations.From(environment, homeDirectory);
        dockerConfig = new(() => AuthConfigFile.Load(locations.DockerConfig, keepNamespaces: false));
        containersAuthFiles = locations.ContainersAuthFiles
            .Select(path => new Lazy<AuthConfigFile?>(() => AuthConfigFile.Load(path, keepNamespaces: true)))
            .ToList();
    }

    public static DockerCredentialSource ForCurrentUser() =>
        new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <exception cref="CredentialException">A config file or credential helper failed; the message says which.</exception>
    /// <param name="repository">Repository path such as <c>library/python</c>; lets containers auth.json namespace keys apply.</param>
    public async ValueTask<RegistryCredential?> GetAsync(string registryHost, string? repository, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registryHost);
        var host = RegistryKey.NormalizeHost(registryHost);
        var repositoryPath = string.IsNullOrWhiteSpace(repository) ? null : repository.Trim('/');
        // The lookup is not tied to the first caller's token, so one caller giving up does not spoil the cache for others.
        var lookup = cache.GetOrAdd((host, repositoryPath), key => new(() => LookUpAsync(key.Host, key.Repository)));
        return await lookup.Value.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task<RegistryCredential?> LookUpAsync(string host, string? repository)
    {
        var serverUrl = RegistryKey.HelperServerUrl(host);
        if (dockerConfig.Value is { } docker)
        {
            if (docker.CredHelpers.TryGetValue(host, out var helper)
                && await RunHelper(helper, docker.Path, "credHelpers", serverUrl).ConfigureAwait(false) is { } fromHelper)
                return fromHelper;
            if (docker.CredsStore is { } store
                && await RunHelper(store, docker.Path, "credsStore", serverUrl).ConfigureAwait(false) is { } fromStore)
                return fromStore;
            if (FirstCredential(docker, MatchingHost(docker, host)) is { } inline)
                return inline;
        }

        foreach (var file in containersAuthFiles)
        {
            if (file.Value is not { } auth) continue;
            if (auth.CredHelpers.TryGetValue(host, out var helper)
                && await RunHelper(helper, auth.Path, "credHelpers", serverUrl).ConfigureAwait(false) is { } fromHelper)
                return fromHelper;
            if (FirstCredential(auth, MostSpecificFirst(auth, host, repository)) is { } inline)
                return inline;
        }
        return null;
    }

    private Task<RegistryCredential?> RunHelper(string name, string filePath, string setting, string serverUrl) =>
        new CredentialHelper(name, $"{setting} of {filePath}", environment, helperTimeout).GetAsync(serverUrl, CancellationToken.None);

    private static RegistryCredential? FirstCredential(AuthConfigFile file, IEnumerable<StoredAuth> candidates) =>
        candidates.Select(entry => entry.ToCredential(file.Path)).FirstOrDefault(credential => credential is not null);

    private static IEnumerable<StoredAuth> MatchingHost(AuthConfigFile file, string host) =>
        file.Auths.Where(entry => entry.Registry.Host == host && entry.Registry.Path is null);

    /// <summary><c>host/ns/repo</c> before <c>host/ns</c> before <c>host</c>, as containers-auth.json(5) specifies.</summary>
    private static IEnumerable<StoredAuth> MostSpecificFirst(AuthConfigFile file, string host, string? repository) =>
        file.Auths
            .Where(entry => entry.Registry.Host == host && Covers(entry.Registry.Path, repository))
            .OrderByDescending(entry => entry.Registry.Path?.Length ?? 0);

    private static bool Covers(string? keyPath, string? repository) =>
        keyPath is null
        || repository is not null && (repository == keyPath || repository.StartsWith(keyPath + "/", StringComparison.Ordinal));
}
