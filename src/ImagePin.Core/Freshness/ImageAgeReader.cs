using ImagePin.Registry;
using ImagePin.Resolution;

namespace ImagePin.Freshness;

/// <summary>
/// How old an image is. A manifest: its created annotation, else its config's <c>created</c>. An index: its
/// annotation, else the newest time among its platform images (only the platforms asked for, when given), since
/// an index is as new as its newest part.
/// </summary>
internal sealed class ImageAgeReader(RegistryContent content)
{
    public async Task<ImageCreated> ReadAsync(string registry, string repository, string digest,
        IReadOnlyCollection<Platform>? platforms, CancellationToken ct)
    {
        var manifest = await content.GetManifestAsync(registry, repository, digest, ct).ConfigureAwait(false);
        if (CreatedTimes.FromAnnotation(manifest) is { } annotated)
            return new ImageCreated(annotated, CreatedSource.OciAnnotation);
        if (!manifest.IsIndex)
        {
            var config = await content.GetBlobAsync(registry, repository, manifest.ConfigDigest!, ct).ConfigureAwait(false);
            var created = CreatedTimes.FromConfig(config, $"{registry}/{repository}@{manifest.ConfigDigest}");
            return created is null ? ImageCreated.Unknown : new ImageCreated(created, CreatedSource.ConfigCreated);
        }
        var parts = manifest.Children.Where(child => IsPlatformImage(child) && IsWanted(child, platforms));
        var times = await Task.WhenAll(parts.Select(child => ReadAsync(registry, repository, child.Digest, platforms, ct))).ConfigureAwait(false);
        return times.Where(t => t.Created is not null).MaxBy(t => t.Created) ?? ImageCreated.Unknown;
    }

    /// <summary>As <see cref="ReadAsync"/>, but unknown when the image or one of its parts is gone from the registry.</summary>
    public async Task<ImageCreated> ReadIfPresentAsync(string registry, string repository, string digest,
        IReadOnlyCollection<Platform>? platforms, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(registry, repository, digest, platforms, ct).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
        {
            return ImageCreated.Unknown;
        }
    }

    // Attestation manifests (platform unknown/unknown) describe an image; they are not one.
    private static bool IsPlatformImage(ManifestChild child) => child.Platform?.Os != "unknown";

    private static bool IsWanted(ManifestChild child, IReadOnlyCollection<Platform>? platforms) =>
        platforms is null || platforms.Count == 0 || (child.Platform is not null && platforms.Contains(child.Platform));
}
