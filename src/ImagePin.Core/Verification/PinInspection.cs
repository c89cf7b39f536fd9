using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Verification;

internal enum PinStatus
{
    /// <summary>The pinned digest is no longer in the registry.</summary>
    Missing,
    /// <summary>A digest-only pin (no tag to compare with) that the registry still holds.</summary>
    Present,
    /// <summary>The tag still points at the pinned digest.</summary>
    Current,
    /// <summary>The pinned digest is one platform's manifest in the index the tag points to.</summary>
    PlatformPin,
    /// <summary>The tag has moved on.</summary>
    Behind,
    /// <summary>The pinned digest exists but its tag no longer does.</summary>
    TagMissing,
    /// <summary>The registry could not answer (tag unknown, auth, network…); see <see cref="PinInspection.Error"/>.</summary>
    Failed,
}

/// <summary>What a <c>tag@digest</c> pin looks like against the registry now.</summary>
/// <param name="CurrentDigest">What the tag points to now; null when that is unknown (Missing, Failed).</param>
internal sealed record PinInspection(PinStatus Status, string PinnedDigest, string? CurrentDigest)
{
    public const string MissingMessage = "digest no longer in registry: it was deleted or garbage-collected; run `imagepin update`";

    /// <summary>The platform of the pinned manifest when the pin is one platform's manifest of a multi-platform image.</summary>
    public Platform? PinnedPlatform { get; init; }

    /// <summary>Behind, for a platform pin: the same platform's manifest in the tag's index now (null when that platform is gone).</summary>
    public string? CurrentPlatformDigest { get; init; }

    /// <summary>Behind only: when the pinned image and what the tag gives now were created.</summary>
    public ImageCreated? PinnedCreated { get; init; }
    public ImageCreated? CurrentCreated { get; init; }

    public string? Error { get; init; }

    /// <summary>How long ago the pinned image was created, when known.</summary>
    public TimeSpan? PinnedAge(DateTimeOffset now) => now - PinnedCreated?.Created;

    /// <summary>How much newer the tag's current image is than the pinned one, when both times are known.</summary>
    public TimeSpan? CurrentNewerBy => CurrentCreated?.Created - PinnedCreated?.Created;

    /// <summary>One line for a human, e.g. "behind: pinned image is 40d old; linux/arm64 now sha256:… (12d newer)".</summary>
    public string Describe(DateTimeOffset now) => Status switch
    {
        PinStatus.Missing => MissingMessage,
        PinStatus.Present => "present: the registry holds the pinned digest",
        PinStatus.Current => "current: the tag still points at the pinned digest",
        PinStatus.PlatformPin => $"platform-pin: {PinnedDigest} is the {PinnedPlatform?.ToString() ?? "(unspecified platform)"} manifest of the tag's index {CurrentDigest}; pin the index to cover every platform",
        PinStatus.Behind => DescribeBehind(now),
        PinStatus.TagMissing => "tag-missing: the registry still holds the pinned digest, but no longer has the tag, so `imagepin update` cannot follow it; pin a tag that exists",
        _ => $"cannot check: {Error}",
    };

    private string DescribeBehind(DateTimeOffset now)
    {
        var age = PinnedAge(now) is { } a ? $"pinned image is {Durations.Format(a)} old" : "pinned image age unknown";
        var target = PinnedPlatform is null ? $"tag now points to {CurrentDigest}"
            : CurrentPlatformDigest is null ? $"tag now points to {CurrentDigest}, which has no {PinnedPlatform} manifest"
            : $"tag's {PinnedPlatform} manifest is now {CurrentPlatformDigest}";
        var newer = CurrentNewerBy switch
        {
            { } n when n > TimeSpan.Zero => $" ({Durations.Format(n)} newer)",
            { } n when n < TimeSpan.Zero => $" (created {Durations.Format(-n)} before the pinned image: a rollback or a backdated image)",
            _ => "",
        };
        return $"behind: {age}; {target}{newer}";
    }
}
