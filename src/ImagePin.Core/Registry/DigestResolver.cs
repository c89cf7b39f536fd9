using System.Collections.Concurrent;

namespace ImagePin.Registry;

/// <summary>
/// Resolves references through one <see cref="RegistryClient"/>: each distinct reference once per run however
/// many callers ask (the task is shared, failures included), with bounded concurrency overall and per registry.
/// A caller's cancellation stops its wait, not the shared work.
/// </summary>
internal sealed class DigestResolver : IDisposable
{
    private readonly RegistryClient _client;
    private readonly SemaphoreSlim _overall;
    private readonly int _perRegistryLimit;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perRegistry = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Registry, string Repository, string Reference, string? Platform), Lazy<Task<ManifestDescriptor>>> _results = new();
    private readonly CancellationTokenSource _lifetime = new();

    /// <param name="maxConcurrency">Resolutions in flight at once; the client's options when null.</param>
    /// <param name="maxConcurrencyPerRegistry">Resolutions in flight per registry; the client's options when null.</param>
    public DigestResolver(RegistryClient client, int? maxConcurrency = null, int? maxConcurrencyPerRegistry = null)
    {
        _client = client;
        _overall = new SemaphoreSlim(Math.Max(1, maxConcurrency ?? client.Options.MaxConcurrency));
        _perRegistryLimit = Math.Max(1, maxConcurrencyPerRegistry ?? client.Options.MaxConcurrencyPerRegistry);
    }

    public Task<ManifestDescriptor> ResolveAsync(string registry, string repository, string tagOrDigest, Platform? platform, CancellationToken ct = default)
    {
        // docker.io and registry-1.docker.io are one registry.
        var key = (RegistryHosts.ApiAuthority(registry).ToLowerInvariant(), repository, tagOrDigest, platform?.ToString());
        var shared = _results.GetOrAdd(key, _ => new Lazy<Task<ManifestDescriptor>>(() => RunAsync(registry, repository, tagOrDigest, platform)));
        return shared.Value.WaitAsync(ct);
    }

    private async Task<ManifestDescriptor> RunAsync(string registry, string repository, string reference, Platform? platform)
    {
        var ct = _lifetime.Token;
        var registryGate = _perRegistry.GetOrAdd(RegistryHosts.ApiAuthority(registry), _ => new SemaphoreSlim(_perRegistryLimit));
        await _overall.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await registryGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await _client.ResolveAsync(registry, repository, reference, platform, ct).ConfigureAwait(false);
            }
            finally { registryGate.Release(); }
        }
        finally { _overall.Release(); }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
