using System.Collections.Concurrent;
using ImagePin.Registry;

namespace ImagePin.Freshness;

/// <summary>
/// One run's reads from the registries through a shared <see cref="RegistryClient"/>. Manifests and blobs are
/// immutable by digest and a tag is read once per run, so each is requested at most once however many pins ask
/// (failures are shared too; a cancelled read is forgotten so a later caller can retry).
/// </summary>
internal sealed class RegistryContent(RegistryClient client)
{
    private readonly ConcurrentDictionary<ContentKey, Lazy<Task<ManifestDescriptor>>> _tags = new();
    private readonly ConcurrentDictionary<ContentKey, Lazy<Task<Manifest>>> _manifests = new();
    private readonly ConcurrentDictionary<ContentKey, Lazy<Task<bool>>> _existence = new();
    private readonly ConcurrentDictionary<ContentKey, Lazy<Task<byte[]>>> _blobs = new();

    /// <summary>What the tag points to now (the index itself for a multi-platform image).</summary>
    public Task<ManifestDescriptor> ResolveTagAsync(string registry, string repository, string tag, CancellationToken ct) =>
        Once(_tags, Key(registry, repository, tag), () => client.ResolveAsync(registry, repository, tag, null, ct));

    public Task<Manifest> GetManifestAsync(string registry, string repository, string digest, CancellationToken ct) =>
        Once(_manifests, Key(registry, repository, digest), () => client.GetManifestAsync(registry, repository, digest, ct));

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

    public Task<byte[]> GetBlobAsync(string registry, string repository, string digest, CancellationToken ct) =>
        Once(_blobs, Key(registry, repository, digest), () => client.GetBlobAsync(registry, repository, digest, ct));

    /// <summary>Whether the registry still holds the manifest; no request when it was already fetched in this run.</summary>
    public Task<bool> ManifestExistsAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        var key = Key(registry, repository, digest);
        if (_manifests.TryGetValue(key, out var fetched) && fetched.IsValueCreated && fetched.Value.IsCompletedSuccessfully)
            return Task.FromResult(true);
        return Once(_existence, key, () => client.ManifestExistsAsync(registry, repository, digest, ct));
    }

    // The first caller's token runs the shared read; one run normally has one token, so that is the run's.
    private static Task<T> Once<T>(ConcurrentDictionary<ContentKey, Lazy<Task<T>>> cache, ContentKey key, Func<Task<T>> fetch)
    {
        Lazy<Task<T>>? created = null;
        var entry = cache.GetOrAdd(key, _ => created = new Lazy<Task<T>>(fetch));
        var task = entry.Value;
        if (ReferenceEquals(entry, created))
            task.ContinueWith(_ => cache.TryRemove(new KeyValuePair<ContentKey, Lazy<Task<T>>>(key, entry)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnCanceled | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>docker.io and registry-1.docker.io are one registry; host names are case-insensitive.</summary>
    private static ContentKey Key(string registry, string repository, string reference) =>
        new(RegistryHosts.ApiAuthority(registry).ToLowerInvariant(), repository, reference);

    private readonly record struct ContentKey(string Authority, string Repository, string Reference);
}
