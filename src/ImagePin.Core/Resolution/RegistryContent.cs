using System.Collections.Concurrent;
using ImagePin.References;
using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Resolution;

/// <summary>
/// One run's reads from the registries, shared by every stage (pin, update, verify): each tag, manifest and blob
/// is requested at most once however many callers ask (failures are shared too), and no more requests are in
/// flight than the run's limits allow, overall and per registry. A caller's cancellation stops its wait, not
/// the shared work, which ends when the run is disposed.
/// </summary>
internal sealed class RegistryContent : IDisposable
{
    private readonly RegistryClient _client;
    private readonly SemaphoreSlim _overall;
    private readonly int _perRegistryLimit;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perRegistry = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(ImageKey Key, string? Platform), Lazy<Task<Descriptor>>> _resolved = new();
    private readonly ConcurrentDictionary<ImageKey, Lazy<Task<Manifest>>> _manifests = new();
    private readonly ConcurrentDictionary<ImageKey, Lazy<Task<bool>>> _existence = new();
    private readonly ConcurrentDictionary<ImageKey, Lazy<Task<ImageConfig>>> _configs = new();
    private readonly ConcurrentDictionary<ImageKey, Lazy<Task<byte[]>>> _blobs = new();
    private readonly CancellationTokenSource _lifetime = new();

    private readonly bool _ownsClient;

    /// <param name="maxConcurrency">Requests in flight at once; the client's options when null.</param>
    /// <param name="maxConcurrencyPerRegistry">Requests in flight per registry; the client's options when null.</param>
    /// <param name="ownsClient">Dispose the client with this object.</param>
    public RegistryContent(RegistryClient client, int? maxConcurrency = null, int? maxConcurrencyPerRegistry = null, bool ownsClient = false)
    {
        _client = client;
        _ownsClient = ownsClient;
        _overall = new SemaphoreSlim(Math.Max(1, maxConcurrency ?? client.Options.MaxConcurrency));
        _perRegistryLimit = Math.Max(1, maxConcurrencyPerRegistry ?? client.Options.MaxConcurrencyPerRegistry);
    }

    /// <summary>The largest blob <see cref="GetBlobAsync"/> reads whole.</summary>
    public long MaxBlobBytes => _client.Options.MaxBlobBytes;

    /// <summary>HTTP requests put on the wire so far (each attempt, token requests included).</summary>
    public int RequestCount => _client.RequestCount;

    /// <summary>
    /// What to pin for a tag or digest: without a platform the manifest or index itself; with one, that
    /// platform's manifest from the index.
    /// </summary>
    public Task<Descriptor> ResolveAsync(string registry, string repository, string tagOrDigest, Platform? platform, CancellationToken ct = default) =>
        Once(_resolved, (Key(registry, repository, tagOrDigest), platform?.ToString()), registry, async token =>
        {
            var (descriptor, fetched) = await _client.ResolveFetchingAsync(registry, repository, tagOrDigest, platform, token).ConfigureAwait(false);
            // The manifest read (and hashed) on the way is the one a later GET by its digest would return.
            if (fetched is not null)
                _manifests.TryAdd(Key(registry, repository, fetched.Digest), new Lazy<Task<Manifest>>(Task.FromResult(fetched)));
            return descriptor;
        }, ct);

    /// <summary>What the tag points to now (the index itself for a multi-platform image).</summary>
    public Task<Descriptor> ResolveTagAsync(string registry, string repository, string tag, CancellationToken ct) =>
        ResolveAsync(registry, repository, tag, null, ct);

    public Task<Manifest> GetManifestAsync(string registry, string repository, string digest, CancellationToken ct) =>
        Once(_manifests, Key(registry, repository, digest), registry, token => _client.Manifests.GetAsync(registry, repository, digest, token), ct);

    /// <summary>The manifest, or null when the registry no longer holds it.</summary>
    public async Task<Manifest?> GetManifestIfPresentAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        try
        {
            return await GetManifestAsync(registry, repository, digest, ct).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>An image config, read and parsed once per run.</summary>
    public Task<ImageConfig> GetConfigAsync(string registry, string repository, string digest, CancellationToken ct) =>
        Once(_configs, Key(registry, repository, digest), registry, token => _client.Blobs.GetConfigAsync(registry, repository, digest, token), ct);

    /// <summary>A small blob (at most the client's blob limit), read and verified once per run.</summary>
    public Task<byte[]> GetBlobAsync(string registry, string repository, string digest, CancellationToken ct) =>
        Once(_blobs, Key(registry, repository, digest), registry, token => _client.Blobs.GetAsync(registry, repository, digest, token), ct);

    /// <summary>
    /// Runs <paramref name="read"/> under one of the run's request slots (overall and for
    /// <paramref name="registry"/>), handing it a way to open that registry's blobs as verifying streams. Not
    /// cached: streams are read once, by whoever opened them.
    /// </summary>
    public async Task<T> StreamBlobsAsync<T>(string registry, Func<OpenBlob, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _lifetime.Token);
        return await LimitedAsync(registry, _ => read((repository, digest, maxBytes, token) => _client.Blobs.OpenAsync(registry, repository, digest, maxBytes, token), linked.Token),
            linked.Token).ConfigureAwait(false);
    }

    /// <summary>Whether the registry still holds the manifest; no request when it was already fetched in this run.</summary>
    public Task<bool> ManifestExistsAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        var key = Key(registry, repository, digest);
        if (_manifests.TryGetValue(key, out var fetched) && fetched.IsValueCreated && fetched.Value.IsCompletedSuccessfully)
            return Task.FromResult(true);
        return Once(_existence, key, registry, token => _client.Manifests.ExistsAsync(registry, repository, digest, token), ct);
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
        if (_ownsClient) _client.Dispose();
    }

    private Task<T> Once<TKey, T>(ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, string registry, Func<CancellationToken, Task<T>> fetch, CancellationToken ct)
        where TKey : notnull
    {
        var entry = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(() => LimitedAsync(registry, fetch)));
        return entry.Value.WaitAsync(ct);
    }

    private async Task<T> LimitedAsync<T>(string registry, Func<CancellationToken, Task<T>> fetch, CancellationToken? token = null)
    {
        var ct = token ?? _lifetime.Token;
        var gate = _perRegistry.GetOrAdd(_client.Options.Routing.AuthorityOf(registry), _ => new SemaphoreSlim(_perRegistryLimit));
        await _overall.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await fetch(ct).ConfigureAwait(false);
            }
            finally { gate.Release(); }
        }
        finally { _overall.Release(); }
    }

    /// <summary>Keyed on the host actually asked: docker.io and registry-1.docker.io are one registry; host names are case-insensitive.</summary>
    private ImageKey Key(string registry, string repository, string reference)
    {
        var authority = _client.Options.Routing.AuthorityOf(registry);
        return ReferenceParts.IsDigest(reference) ? new(authority, repository, null, reference) : new(authority, repository, reference, null);
    }
}

/// <summary>Opens a blob of the registry as a stream that verifies its digest when read to the end.</summary>
internal delegate Task<Stream> OpenBlob(string repository, string digest, long maxBytes, CancellationToken ct);
