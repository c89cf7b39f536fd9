using ImagePin.Registry.Credentials;
using ImagePin.Registry.Oci;

namespace ImagePin.Registry;

/// <summary>
/// The OCI Distribution API as imagepin uses it: <see cref="Manifests"/> and <see cref="Blobs"/> over one
/// <see cref="RegistryConnection"/>, and <see cref="ResolveAsync"/>, which composes them into "what to pin".
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    private readonly RegistryConnection _connection;

    public RegistryClient(RegistryOptions options, ICredentialSource credentials, HttpMessageHandler? innerHandlerForTests = null)
    {
        _connection = new RegistryConnection(options, credentials, innerHandlerForTests);
        Manifests = new ManifestClient(_connection);
        Blobs = new BlobClient(_connection);
    }

    public RegistryOptions Options => _connection.Options;

    public ManifestClient Manifests { get; }

    public BlobClient Blobs { get; }

    /// <summary>HTTP requests put on the wire so far (each attempt, token requests included).</summary>
    public int RequestCount => _connection.RequestCount;

    /// <summary>
    /// The digest to pin for a tag or digest: without a platform the manifest or index itself; with one, that
    /// platform's manifest from the index. Never a digest whose bytes were not hashed (see
    /// <see cref="ManifestClient.ResolveAsync"/> for Docker Hub's exception).
    /// </summary>
    public async Task<Descriptor> ResolveAsync(string registry, string repository, string tagOrDigest, Platform? platform, CancellationToken ct) =>
        (await ResolveFetchingAsync(registry, repository, tagOrDigest, platform, ct).ConfigureAwait(false)).Descriptor;

    /// <summary>As <see cref="ResolveAsync"/>, with the manifest fetched on the way (hashed), when one was.</summary>
    public async Task<(Descriptor Descriptor, Manifest? Fetched)> ResolveFetchingAsync(string registry, string repository, string tagOrDigest, Platform? platform, CancellationToken ct)
    {
        if (platform is null) return await Manifests.ResolveAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false);

        var where = RegistryConnection.Location(registry, repository, tagOrDigest);
        var manifest = await Manifests.GetAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false);
        if (manifest.IsIndex)
        {
            if (manifest.ImageFor(platform) is { } image) return (image, manifest);
            var available = manifest.Platforms;
            throw new RegistryException(RegistryErrorKind.PlatformNotFound,
                $"{where} has no manifest for platform {platform}; available: {(available.Count == 0 ? "(none declared)" : string.Join(", ", available))}");
        }
        // A single-platform image: its config says which platform it is for.
        var config = await Blobs.GetConfigAsync(registry, repository, manifest.Config!.Digest, ct).ConfigureAwait(false);
        if (config.Platform != platform)
            throw new RegistryException(RegistryErrorKind.PlatformNotFound,
                $"{where} is a single-platform image for {config.Platform?.ToString() ?? "(unknown platform)"}, not {platform}");
        return (manifest.ToDescriptor() with { Platform = platform }, manifest);
    }

    public void Dispose() => _connection.Dispose();
}
