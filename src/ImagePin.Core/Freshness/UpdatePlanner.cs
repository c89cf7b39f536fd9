using ImagePin.Registry;

namespace ImagePin.Freshness;

/// <summary>
/// Decides the new digest for a <c>tag@digest</c> pin (the logic behind <c>imagepin update</c>). The new pin is of
/// the same kind as the old: an index or single image follows the tag; one platform's manifest becomes the same
/// platform's manifest (os, architecture and variant) in the tag's new index.
/// </summary>
internal sealed class UpdatePlanner(RegistryContent content, TimeProvider? clock = null)
{
    private readonly ImageAgeReader _ages = new(content);
    private readonly PinnedPlatforms _platforms = new(content);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<UpdateDecision> DecideAsync(UpdateRequest request, CancellationToken ct)
    {
        try
        {
            var (registry, repository) = (request.Registry, request.Repository);
            PinArguments.Validate(registry, repository, request.Tag, request.PinnedDigest);
            var current = await content.ResolveTagAsync(registry, repository, request.Tag, ct).ConfigureAwait(false);
            if (current.Digest == request.PinnedDigest) return new UpdateDecision.UpToDate();

            var pinned = await content.GetManifestIfPresentAsync(registry, repository, request.PinnedDigest, ct).ConfigureAwait(false);
            var currentIndex = current.IsIndex ? await content.GetManifestAsync(registry, repository, current.Digest, ct).ConfigureAwait(false) : null;

            if (pinned is { IsIndex: false } && currentIndex is not null)
                return await DecidePlatformPinAsync(request, currentIndex, ct).ConfigureAwait(false);
            return await DecideFollowingTagAsync(request, pinned, current, currentIndex, ct).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            return new UpdateDecision.Failed(e.Message);
        }
    }

    private async Task<UpdateDecision> DecidePlatformPinAsync(UpdateRequest request, Manifest currentIndex, CancellationToken ct)
    {
        // Still listed: only other platforms moved.
        if (currentIndex.Children.Any(c => c.Digest == request.PinnedDigest)) return new UpdateDecision.UpToDate();
        // Not null: the pinned manifest is an image, and an image config without a platform throws.
        var platform = (await _platforms.PlatformOfImageAsync(request.Registry, request.Repository, request.PinnedDigest, ct).ConfigureAwait(false))!;
        var same = currentIndex.Children.FirstOrDefault(c => c.Platform == platform);
        if (same is null) return new UpdateDecision.PlatformGone(platform, currentIndex.Digest);
        return await AdoptAsync(request, same.Digest, null, [new PlatformChange(platform, PlatformChangeKind.Changed)], null, ct).ConfigureAwait(false);
    }

    private async Task<UpdateDecision> DecideFollowingTagAsync(UpdateRequest request, Manifest? pinned, ManifestDescriptor current,
        Manifest? currentIndex, CancellationToken ct)
    {
        var wanted = request.Platforms is { Count: > 0 } p ? p : null;
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
        var note = pinned is null ? $"the pinned digest {request.PinnedDigest} is no longer in the registry, so the tag's digest replaces it"
            : pinned.IsIndex && currentIndex is null ? "the tag now points to a single-platform image instead of an index"
            : null;
        return await AdoptAsync(request, current.Digest, currentIndex is null ? null : wanted, changes, note, ct).ConfigureAwait(false);
    }

    /// <summary>Update to <paramref name="candidate"/> unless the cool-down says to wait.</summary>
    private async Task<UpdateDecision> AdoptAsync(UpdateRequest request, string candidate, IReadOnlyCollection<Platform>? agePlatforms,
        IReadOnlyList<PlatformChange> changes, string? note, CancellationToken ct)
    {
        var (registry, repository) = (request.Registry, request.Repository);
        // The old image's age is informative only: a pin that is gone (or whose parts are) still gets updated.
        var oldCreated = await _ages.ReadIfPresentAsync(registry, repository, request.PinnedDigest, agePlatforms, ct).ConfigureAwait(false);
        var newCreated = await _ages.ReadAsync(registry, repository, candidate, agePlatforms, ct).ConfigureAwait(false);
        if (request.MinAge is { } minAge && minAge > TimeSpan.Zero)
        {
            if (newCreated.Created is not { } created)
                return new UpdateDecision.Held(
                    $"min-age {Durations.Format(minAge)}: {candidate} has no org.opencontainers.image.created annotation and no config created time, so its age cannot be checked",
                    candidate, newCreated);
            var age = _clock.GetUtcNow() - created;
            if (age < minAge)
                return new UpdateDecision.Held(age < TimeSpan.Zero
                    ? $"min-age {Durations.Format(minAge)}: {candidate} claims to be created {Durations.Format(-age)} in the future (created {newCreated})"
                    : $"min-age {Durations.Format(minAge)}: {candidate} is only {Durations.Format(age)} old (created {newCreated})",
                    candidate, newCreated);
        }
        return new UpdateDecision.Update(candidate, oldCreated, newCreated, changes, note);
    }
}
