using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Freshness;

/// <summary>
/// How old an image is. A manifest: its created annotation, else its config's <c>created</c> (placeholder
/// epochs of reproducible builds count as absent, see <see cref="ImageCreated.IsReal"/>). An index: its
/// annotation, else the newest time among its platform images (only the platforms asked for, when given), since
/// an index is as new as its newest part.
/// </summary>
internal sealed class ImageAgeReader(RegistryContent content)
{
    public async Task<ImageCreated> ReadAsync(string registry, string repository, string digest,
        IReadOnlyCollection<Platform>? platforms, CancellationToken ct)
    {
        var manifest = await content.GetManifestAsync(registry, repository, digest, ct).ConfigureAwait(false);
        // A malformed time counts as absent: it must not fail the whole run, and min-age then holds the update with a reason.
        if (manifest.Annotation(Manifest.CreatedAnnotation) is { } text && Rfc3339.Parse(text) is { } annotated && ImageCreated.IsReal(annotated))
            return new ImageCreated(annotated, CreatedSource.OciAnnotation);
        if (!manifest.IsIndex)
        {
            var config = await content.GetConfigAsync(registry, repository, manifest.Config!.Digest, ct).ConfigureAwait(false);
            return config.Created is { } created && ImageCreated.IsReal(created) ? new ImageCreated(created, CreatedSource.ConfigCreated) : ImageCreated.Unknown;
        }
        var parts = manifest.Images.Where(image => IsWanted(image, platforms));
        var times = await Task.WhenAll(parts.Select(image => ReadAsync(registry, repository, image.Digest, platforms, ct))).ConfigureAwait(false);
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

    private static bool IsWanted(Descriptor image, IReadOnlyCollection<Platform>? platforms) =>
        platforms is null || platforms.Count == 0 || (image.Platform is not null && platforms.Contains(image.Platform));
}
