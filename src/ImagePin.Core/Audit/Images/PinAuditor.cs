using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Audit.Images;

/// <summary>One platform of a pin: the inventory of the pinned image and of what the tag gives now (null when it is the same image or has no such platform).</summary>
internal sealed record PlatformInventories(Platform Platform, ImageInventoryResult? Pinned, ImageInventoryResult? Current, IReadOnlyList<string> Notes);

/// <summary>
/// Everything an audit reads from the registry for one pin: per platform the pinned and current inventories, and
/// the created times behind the staleness figures. <paramref name="CurrentDigest"/> is what the tag points to now
/// (null for a digest-only pin); <paramref name="Error"/> says why the pin could not be audited.
/// </summary>
internal sealed record PinInventories(
    ImageKey Pin,
    string? CurrentDigest,
    ImageCreated PinnedCreated,
    ImageCreated CurrentCreated,
    IReadOnlyList<PlatformInventories> Platforms,
    IReadOnlyList<string> Notes,
    string? Error,
    bool RegistryFailure);

/// <summary>
/// Reads a pin's images: the pinned digest (an index gives one image per wanted platform, a single image is
/// itself) and, for a <c>tag@digest</c> pin whose tag moved, the tag's current image for the same platforms.
/// </summary>
internal sealed class PinAuditor(RegistryContent content, InventoryReader inventories, IReadOnlyList<Platform> platforms)
{
    private readonly ImageAgeReader _ages = new(content);

    public async Task<PinInventories> ReadAsync(ImageKey pin, CancellationToken ct)
    {
        var (registry, repository, pinned) = (pin.Registry, pin.Repository, pin.Digest!);
        try
        {
            PinArguments.Validate(registry, repository, pin.Tag, pinned);
            var pinnedManifest = await content.GetManifestAsync(registry, repository, pinned, ct).ConfigureAwait(false);
            var currentDigest = pin.Tag is null ? null : (await content.ResolveTagAsync(registry, repository, pin.Tag, ct).ConfigureAwait(false)).Digest;
            var currentManifest = currentDigest is null || currentDigest == pinned ? null
                : await content.GetManifestAsync(registry, repository, currentDigest, ct).ConfigureAwait(false);
            var pinnedCreated = await _ages.ReadAsync(registry, repository, pinned, platforms, ct).ConfigureAwait(false);
            var currentCreated = currentManifest is null ? pinnedCreated
                : await _ages.ReadAsync(registry, repository, currentManifest.Digest, platforms, ct).ConfigureAwait(false);

            var notes = new List<string>();
            IReadOnlyList<PlatformInventories> perPlatform;
            if (!pinnedManifest.IsIndex)
                perPlatform = [await ReadSingleAsync(registry, repository, pinnedManifest, currentManifest, ct).ConfigureAwait(false)];
            else
            {
                perPlatform = (await Task.WhenAll(platforms.Select(p => ReadPlatformAsync(registry, repository, p, pinnedManifest, currentManifest, ct))).ConfigureAwait(false))
                    .OfType<PlatformInventories>().ToList();
                if (perPlatform.Count == 0)
                    notes.Add($"the pinned index has no image for {string.Join(", ", platforms)} (it has {string.Join(", ", pinnedManifest.Platforms)}); use --platforms");
            }
            return new PinInventories(pin, currentDigest, pinnedCreated, currentCreated, perPlatform, notes, null, false);
        }
        catch (RegistryException e)
        {
            return new PinInventories(pin, null, ImageCreated.Unknown, ImageCreated.Unknown, [], [], e.Message, true);
        }
        catch (InventoryException e)
        {
            return new PinInventories(pin, null, ImageCreated.Unknown, ImageCreated.Unknown, [], [], e.Message, false);
        }
    }

    private async Task<PlatformInventories?> ReadPlatformAsync(string registry, string repository, Platform platform,
        Manifest pinned, Manifest? current, CancellationToken ct)
    {
        if (pinned.ImageFor(platform)?.Digest is not { } pinnedImage) return null;
        var notes = new List<string>();
        var pinnedInventory = await inventories.ReadAsync(registry, repository, pinned, pinnedImage, ct).ConfigureAwait(false);
        var currentInventory = await CurrentAsync(registry, repository, current, platform, pinnedImage, notes, ct).ConfigureAwait(false);
        return new PlatformInventories(platform, pinnedInventory, currentInventory, notes);
    }

    // A pin of one image (not an index) is audited as it is, for the platform its config names.
    private async Task<PlatformInventories> ReadSingleAsync(string registry, string repository, Manifest pinned, Manifest? current, CancellationToken ct)
    {
        var config = await content.GetConfigAsync(registry, repository, pinned.Config!.Digest, ct).ConfigureAwait(false);
        var platform = config.Platform ?? platforms[0];
        var notes = new List<string>();
        if (!platforms.Contains(platform)) notes.Add($"a single-platform image for {platform}, audited as it is");
        var pinnedInventory = await inventories.ReadAsync(registry, repository, null, pinned.Digest, ct).ConfigureAwait(false);
        var currentInventory = await CurrentAsync(registry, repository, current, platform, pinned.Digest, notes, ct).ConfigureAwait(false);
        return new PlatformInventories(platform, pinnedInventory, currentInventory, notes);
    }

    /// <summary>The tag's current image for the platform, when the tag moved and it differs from the pinned one.</summary>
    private async Task<ImageInventoryResult?> CurrentAsync(string registry, string repository, Manifest? current, Platform platform,
        string pinnedImage, List<string> notes, CancellationToken ct)
    {
        if (current is null) return null;
        var currentImage = current.IsIndex ? current.ImageFor(platform)?.Digest : current.Digest;
        if (currentImage is null) notes.Add($"the tag's current index has no {platform} image");
        if (currentImage is null || currentImage == pinnedImage) return null;
        return await inventories.ReadAsync(registry, repository, current.IsIndex ? current : null, currentImage, ct).ConfigureAwait(false);
    }
}
