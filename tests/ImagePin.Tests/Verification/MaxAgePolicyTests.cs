using ImagePin.Verification;
using ImagePin.Freshness;

namespace ImagePin.Tests.Verification;

public sealed class MaxAgePolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    private static PinInspection Pin(PinStatus status, DateTimeOffset? created) =>
        new(status, "sha256:" + new string('a', 64), "sha256:" + new string('b', 64))
        {
            PinnedCreated = created is null ? ImageCreated.Unknown : new ImageCreated(created, CreatedSource.ConfigCreated),
        };

    [Fact]
    public void Behind_pin_created_before_the_limit_is_too_old()
    {
        Assert.True(MaxAgePolicy.IsExceeded(Pin(PinStatus.Behind, Now - Month - TimeSpan.FromMinutes(1)), Month, Now));
    }

    [Fact]
    public void Behind_pin_exactly_at_the_limit_is_not_too_old()
    {
        Assert.False(MaxAgePolicy.IsExceeded(Pin(PinStatus.Behind, Now - Month), Month, Now));
    }

    [Fact]
    public void Behind_pin_without_a_created_time_is_not_flagged()
    {
        Assert.False(MaxAgePolicy.IsExceeded(Pin(PinStatus.Behind, null), Month, Now));
    }

    [Theory]
    [InlineData(nameof(PinStatus.Current))]
    [InlineData(nameof(PinStatus.PlatformPin))]
    [InlineData(nameof(PinStatus.Present))]
    public void Pin_whose_tag_has_not_moved_on_is_never_too_old(string status)
    {
        Assert.False(MaxAgePolicy.IsExceeded(Pin(Enum.Parse<PinStatus>(status), Now - TimeSpan.FromDays(400)), Month, Now));
    }
}
