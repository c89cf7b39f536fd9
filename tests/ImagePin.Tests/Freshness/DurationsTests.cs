using ImagePin.Freshness;

namespace ImagePin.Tests.Freshness;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("3d", 3 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("90m", 90)]
    [InlineData("0d", 0)]
    public void Number_and_unit_is_a_duration(string text, int minutes)
    {
        Assert.True(Durations.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Fact]
    public void Seconds_are_a_unit()
    {
        Assert.True(Durations.TryParse("45s", out var duration, out _));
        Assert.Equal(TimeSpan.FromSeconds(45), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("d")]
    [InlineData("3 d")]
    [InlineData("-1d")]
    [InlineData("1.5d")]
    [InlineData("3y")]
    [InlineData("3D")]
    [InlineData("3d4h")]
    public void Anything_else_is_rejected_with_an_example(string text)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error);
        Assert.Contains("e.g. 3d", error);
    }

    [Fact]
    public void Duration_over_a_hundred_years_is_rejected()
    {
        Assert.False(Durations.TryParse("999999999999w", out _, out var error));
        Assert.Contains("at most 100 years", error);
    }

    [Theory]
    [InlineData(3 * 24 * 60 + 4 * 60 + 5, "3d 4h")]
    [InlineData(90, "1h 30m")]
    [InlineData(0, "0s")]
    [InlineData(-30, "-30m")]
    public void Format_shows_the_two_largest_units(int minutes, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData(40 * 86400 + 1, "40d")]
    [InlineData(40 * 86400 + 3600 + 1, "40d 1h")]
    [InlineData(3600 + 5, "1h")]
    [InlineData(61, "1m 1s")]
    public void Format_never_pairs_a_unit_with_one_two_places_smaller(int seconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
    }
}
