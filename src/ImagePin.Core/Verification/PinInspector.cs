using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Verification;

/// <summary>
/// The checks behind <c>imagepin verify</c>: a pinned digest must still exist, and a <c>tag@digest</c> pin is
/// compared with what the tag points to now.
/// </summary>
internal sealed class PinInspector(RegistryContent content)
{
    private readonly ImageAgeReader _ages = new(content);
    private readonly PinnedPlatforms _platforms = new(content);

    /// <param name="pin">The pin: its tag is null for a digest-only pin, which is only checked for existence.</param>
    public async Task<PinInspection> InspectAsync(ImageKey pin, CancellationToken ct)
    {
        var (registry, repository, tag, pinnedDigest) = (pin.Registry, pin.Repository, pin.Tag, pin.Digest!);
        try
        {
            PinArguments.Validate(registry, repository, tag, pinnedDigest);
            if (!await content.ManifestExistsAsync(registry, repository, pinnedDigest, ct).ConfigureAwait(false))
                return new PinInspection(PinStatus.Missing, pinnedDigest, null);
            if (tag is null)
                return new PinInspection(PinStatus.Present, pinnedDigest, null);
            Registry.Oci.Descriptor current;
            try
            {
                current = await content.ResolveTagAsync(registry, repository, tag, ct).ConfigureAwait(false);
            }
            catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
            {
                // The pin still builds; only following its tag is no longer possible.
                return new PinInspection(PinStatus.TagMissing, pinnedDigest, null);
            }
            if (current.Digest == pinnedDigest)
                return new PinInspection(PinStatus.Current, pinnedDigest, current.Digest);

            var index = current.IsIndex ? await content.GetManifestAsync(registry, repository, current.Digest, ct).ConfigureAwait(false) : null;
            var entry = index?.Manifests.FirstOrDefault(c => c.Digest == pinnedDigest);
            if (entry is not null)
                return new PinInspection(PinStatus.PlatformPin, pinnedDigest, current.Digest) { PinnedPlatform = entry.Platform };
            return await BehindAsync(registry, repository, pinnedDigest, current.Digest, index, ct).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            return new PinInspection(PinStatus.Failed, pinnedDigest, null) { Error = e.Message };
        }
    }

    private async Task<PinInspection> BehindAsync(string registry, string repository, string pinnedDigest, string currentDigest,
        Manifest? currentIndex, CancellationToken ct)
    {
        var pinnedPlatform = currentIndex is null ? null
            : await _platforms.PlatformOfImageAsync(registry, repository, pinnedDigest, ct).ConfigureAwait(false);
        // A platform pin is compared with the same platform's image now, an index or single image with the tag's target.
        var compared = pinnedPlatform is null ? currentDigest : currentIndex!.ImageFor(pinnedPlatform)?.Digest;
        var pinnedCreated = await _ages.ReadIfPresentAsync(registry, repository, pinnedDigest, null, ct).ConfigureAwait(false);
        var currentCreated = compared is null ? ImageCreated.Unknown
            : await _ages.ReadAsync(registry, repository, compared, null, ct).ConfigureAwait(false);
        return new PinInspection(PinStatus.Behind, pinnedDigest, currentDigest)
        {
            PinnedPlatform = pinnedPlatform,
            CurrentPlatformDigest = pinnedPlatform is null ? null : compared,
            PinnedCreated = pinnedCreated,
            CurrentCreated = currentCreated,
        };
    }
}
