using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Updating;

/// <summary>
/// Decides the new digest for a <c>tag@digest</c> pin (the logic behind <c>imagepin update</c>). The new pin is of
/// the same kind as the old: an index or single image follows the tag; one platform's manifest becomes the same
/// platform's manifest (os, architecture and variant) in the tag's new index.
/// </summary>
/// <param name="platforms">The platforms the project builds (<c>--platforms</c>): an index whose manifests for these are unchanged is left alone.</param>
/// <param name="minAge">Cool-down (<c>--min-age</c>): a new digest is adopted only once its image is at least this old.</param>
/// <param name="pushTimes">The registry's own push times, where it has them (Docker Hub): preferred over created times for the cool-down.</param>
internal sealed class UpdatePlanner(RegistryContent content, IReadOnlyCollection<Platform>? platforms = null, TimeSpan? minAge = null, TimeProvider? clock = null,
    IPushTimes? pushTimes = null)
{
    private readonly ImageAgeReader _ages = new(content);
    private readonly PinnedPlatforms _platforms = new(content);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <param name="pin">A <c>tag@digest</c> pin.</param>
    public async Task<UpdateDecision> DecideAsync(ImageKey pin, CancellationToken ct)
    {
        try
        {
            if (pin.Tag is null || pin.Digest is null) return new UpdateDecision.Failed($"{pin} is not a tag@digest pin");
            var (registry, repository) = (pin.Registry, pin.Repository);
            PinArguments.Validate(registry, repository, pin.Tag, pin.Digest);
            var current = await content.ResolveTagAsync(registry, repository, pin.Tag, ct).ConfigureAwait(false);
            if (current.Digest == pin.Digest) return new UpdateDecision.UpToDate();

            var pinned = await content.GetManifestIfPresentAsync(registry, repository, pin.Digest, ct).ConfigureAwait(false);
            var currentIndex = current.IsIndex ? await content.GetManifestAsync(registry, repository, current.Digest, ct).ConfigureAwait(false) : null;

            if (pinned is { IsIndex: false } && currentIndex is not null)
                return await DecidePlatformPinAsync(pin, currentIndex, ct).ConfigureAwait(false);
            return await DecideFollowingTagAsync(pin, pinned, current, currentIndex, ct).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            return new UpdateDecision.Failed(e.Message, e.Kind is RegistryErrorKind.NotFound or RegistryErrorKind.PlatformNotFound or RegistryErrorKind.InvalidReference);
        }
    }

    private async Task<UpdateDecision> DecidePlatformPinAsync(ImageKey pin, Manifest currentIndex, CancellationToken ct)
    {
        // Still listed: only other platforms moved.
        if (currentIndex.Manifests.Any(c => c.Digest == pin.Digest!)) return new UpdateDecision.UpToDate();
        // Not null: the pinned manifest is an image, and an image config without a platform throws.
        var platform = (await _platforms.PlatformOfImageAsync(pin.Registry, pin.Repository, pin.Digest!, ct).ConfigureAwait(false))!;
        var same = currentIndex.ImageFor(platform);
        if (same is null) return new UpdateDecision.PlatformGone(platform, currentIndex.Digest);
        return await AdoptAsync(pin, same.Digest, null, [new PlatformChange(platform, PlatformChangeKind.Changed)], null, ct).ConfigureAwait(false);
    }

    private async Task<UpdateDecision> DecideFollowingTagAsync(ImageKey pin, Manifest? pinned, Descriptor current,
        Manifest? currentIndex, CancellationToken ct)
    {
        var wanted = platforms is { Count: > 0 } p ? p : null;
        IReadOnlyList<PlatformChange> changes = [];
        if (pinned is { IsIndex: true } && currentIndex is not null)
        {
            changes = PlatformChange.Between(pinned, currentIndex);
            if (wanted is not null)
            {
                var gone = changes.FirstOrDefault(c => c.Kind == PlatformChangeKind.Removed && wanted.Contains(c.Platform));
                if (gone is not null) return new UpdateDecision.PlatformGone(gone.Platform, current.Digest);
                if (!changes.Any(c => wanted.Contains(c.Platform)))
                    return new UpdateDecision.SkippedUnchangedPlatforms(wanted.ToList(), changes, current.Digest);
            }
        }
        var note = pinned is null ? $"the pinned digest {pin.Digest!} is no longer in the registry, so the tag's digest replaces it"
            : pinned.IsIndex && currentIndex is null ? "the tag now points to a single-platform image instead of an index"
            : null;
        return await AdoptAsync(pin, current.Digest, currentIndex is null ? null : wanted, changes, note, ct).ConfigureAwait(false);
    }

    /// <summary>Update to <paramref name="candidate"/> unless the cool-down says to wait.</summary>
    private async Task<UpdateDecision> AdoptAsync(ImageKey pin, string candidate, IReadOnlyCollection<Platform>? agePlatforms,
        IReadOnlyList<PlatformChange> changes, string? note, CancellationToken ct)
    {
        var (registry, repository) = (pin.Registry, pin.Repository);
        // The old image's age is informative only: a pin that is gone (or whose parts are) still gets updated.
        var oldCreated = await _ages.ReadIfPresentAsync(registry, repository, pin.Digest!, agePlatforms, ct).ConfigureAwait(false);
        var newCreated = await _ages.ReadAsync(registry, repository, candidate, agePlatforms, ct).ConfigureAwait(false);
        // A tag that moves to an older image is a rollback, or an image whose author backdated it: never adopted silently.
        if (oldCreated.Created is { } pinnedTime && newCreated.Created is { } candidateTime && candidateTime < pinnedTime)
            return new UpdateDecision.Held(
                $"the tag now points to {candidate}, created {newCreated}, {Durations.Format(pinnedTime - candidateTime)} before the pinned image ({oldCreated}): a rollback or a backdated image; not adopted (update the pin by hand if it is intended)",
                candidate, newCreated);
        if (minAge is { } cooldown && cooldown > TimeSpan.Zero)
        {
            // The candidate is what the tag points to now, so the tag's push time (where the registry keeps one) is
            // when it arrived: the registry's record, which no image author can backdate, so it wins for the cool-down.
            // The rollback check above stays on created times: a tag moved back to an old image is pushed "now" too.
            var dated = await (pushTimes ?? NoPushTimes.Instance).TagPushedAsync(registry, repository, pin.Tag!, ct).ConfigureAwait(false) is { } pushed
                ? new ImageCreated(pushed, CreatedSource.TagPushed)
                : newCreated;
            var word = dated.Source == CreatedSource.TagPushed ? "pushed" : "created";
            if (dated.Created is not { } created)
                return new UpdateDecision.Held(
                    $"min-age {Durations.Format(cooldown)}: {candidate} has no usable created time (no org.opencontainers.image.created annotation, and the config's created is absent or a reproducible-build placeholder such as 1970-01-01), so its age cannot be checked",
                    candidate, newCreated);
            var age = _clock.GetUtcNow() - created;
            if (age < cooldown)
                return new UpdateDecision.Held(age < TimeSpan.Zero
                    ? $"min-age {Durations.Format(cooldown)}: {candidate} claims to be {word} {Durations.Format(-age)} in the future ({word} {dated})"
                    : $"min-age {Durations.Format(cooldown)}: {candidate} is only {Durations.Format(age)} old ({word} {dated})",
                    candidate, dated);
        }
        return new UpdateDecision.Update(candidate, oldCreated, newCreated, changes, note);
    }
}
