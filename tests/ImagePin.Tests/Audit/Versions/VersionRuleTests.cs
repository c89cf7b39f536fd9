using ImagePin.Audit.Versions;

namespace ImagePin.Tests.Audit.Versions;

/// <summary>The rules the vector files exercise only indirectly, and input they never contain.</summary>
public class VersionRuleTests
{
    [Theory]
    [InlineData("1:1.0", "2.0", 1)]            // epoch outranks everything
    [InlineData("1.0~rc1", "1.0", -1)]          // tilde sorts before the end
    [InlineData("1.0~~", "1.0~", -1)]
    [InlineData("1.0a", "1.0+", -1)]            // letters before other characters
    [InlineData("1.0-1", "1.0-1.1", -1)]
    [InlineData("1.0", "1.0-0", 0)]             // a missing revision is revision 0
    [InlineData("99999999999999999999999", "99999999999999999999998", 1)] // no integer overflow
    [InlineData("00010", "9", 1)]
    public void Dpkg_orders_by_policy(string left, string right, int expected)
    {
        Assert.Equal(expected, DpkgVersion.Compare(left, right));
        Assert.Equal(-expected, DpkgVersion.Compare(right, left));
    }

    [Theory]
    [InlineData("1.2.3_rc1-r0", "1.2.3-r0", -1)]
    [InlineData("1.2.3_p1-r0", "1.2.3-r5", 1)]
    [InlineData("1.2.3-r10", "1.2.3-r9", 1)]
    [InlineData("1.2.3a", "1.2.3", 1)]
    [InlineData("1.2.3_alpha", "1.2.3_beta", -1)]
    [InlineData("1.2.3~abc123-r0", "1.2.3-r0", 0)]   // the commit hash does not order
    [InlineData("1.01", "1.1", -1)]                  // leading zero: a decimal fraction
    [InlineData("18446744073709551616", "18446744073709551615", 1)]
    public void Apk_orders_by_alpine_grammar(string left, string right, int expected)
    {
        Assert.Equal(expected, ApkVersion.Compare(left, right));
        Assert.Equal(-expected, ApkVersion.Compare(right, left));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("-")]
    [InlineData("~~~")]
    [InlineData("\u00e9\u0000")]
    [InlineData(null)]
    public void Malformed_versions_compare_without_throwing_and_equal_themselves(string? version)
    {
        Assert.Equal(0, DpkgVersion.Compare(version, version));
        Assert.Equal(0, ApkVersion.Compare(version, version));
        Assert.False(ApkVersion.IsValid(version));
    }

    [Fact]
    public void Scheme_selects_the_comparison()
    {
        // 1.0_rc1 is a pre-release in apk but sorts after 1.0 in dpkg ('_' is a non-letter).
        Assert.Equal(-1, VersionScheme.Apk.Compare("1.0_rc1", "1.0"));
        Assert.Equal(1, VersionScheme.Dpkg.Compare("1.0_rc1", "1.0"));
    }
}
