using ImagePin.Freshness;
namespace ImagePin.Verification;

/// <summary><c>imagepin verify --max-age</c>: when a pin that has fallen behind has been behind for too long.</summary>
internal static class MaxAgePolicy
{
    /// <summary>
    /// True when the tag has moved on and the pinned image was created more than <paramref name="maxAge"/> ago.
    /// A pin whose created time is unknown is not flagged: nothing shows it is too old.
    /// </summary>
    public static bool IsExceeded(PinInspection inspection, TimeSpan maxAge, DateTimeOffset now) =>
        inspection.Status == PinStatus.Behind && inspection.PinnedAge(now) is { } age && age > maxAge;
}
