using ImagePin.Audit.Sbom;

namespace ImagePin.Tests.Audit.Sbom;

public class PackageUrlTests
{
    [Fact]
    public void Splits_from_the_right_and_decodes_each_part()
    {
        var purl = PackageUrl.TryParse("pkg:deb/debian/git@1:2.39.2-1.1%2Bdeb12u1?os_distro=bookworm&OS_NAME=debian&upstream=git%402.39.2#sub/path")!;
        Assert.Equal(("deb", "debian", "git", "1:2.39.2-1.1+deb12u1"), (purl.Type, purl.Namespace, purl.Name, purl.Version));
        Assert.Equal("debian", purl.Qualifier("os_name"));
        Assert.Equal("git@2.39.2", purl.Qualifier("upstream"));
    }

    [Fact]
    public void Scoped_npm_name_and_missing_version()
    {
        var purl = PackageUrl.TryParse("pkg:npm/%40babel/core")!;
        Assert.Equal(("@babel", "core", (string?)null), (purl.Namespace, purl.Name, purl.Version));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("deb/debian/x@1")]
    [InlineData("pkg:deb")]
    [InlineData("pkg:deb/")]
    public void Not_a_purl(string? text) => Assert.Null(PackageUrl.TryParse(text));

    [Fact]
    public void Malformed_escape_is_kept_as_written() =>
        Assert.Equal("1.0%zz", PackageUrl.TryParse("pkg:deb/debian/x@1.0%zz")!.Version);
}
