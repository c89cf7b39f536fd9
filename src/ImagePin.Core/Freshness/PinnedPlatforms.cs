using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Freshness;

/// <summary>Which platform a pinned image manifest is for, once it is no longer listed in the tag's index.</summary>
internal sealed class PinnedPlatforms(RegistryContent content)
{
    /// <summary>The platform its config declares; null when the digest is an index (it covers every platform).</summary>
    /// <exception cref="RegistryException">The manifest or config cannot be read, or the config names no platform.</exception>
    public async Task<Platform?> PlatformOfImageAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        var manifest = await content.GetManifestAsync(registry, repository, digest, ct).ConfigureAwait(false);
        if (manifest.IsIndex) return null;
        var config = await content.GetConfigAsync(registry, repository, manifest.Config!.Digest, ct).ConfigureAwait(false);
        return config.Platform
            ?? throw new RegistryException(RegistryErrorKind.Protocol,
                $"image config {registry}/{repository}@{manifest.Config.Digest} of pinned manifest {digest} names no os/architecture, so its platform cannot be matched in the tag's index");
    }
}
