using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Tests.Registry;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/arm64", "linux/arm64/v8")]
    [InlineData("linux/aarch64", "linux/arm64/v8")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/arm/7", "linux/arm/v7")]
    [InlineData("linux/armhf", "linux/arm/v7")]
    [InlineData("linux/armel", "linux/arm/v6")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("Linux/AMD64", "linux/amd64")]
    [InlineData("linux/i386", "linux/386")]
    [InlineData("windows/amd64", "windows/amd64")]
    public void Platforms_are_normalised_as_containerd_does(string text, string normalised)
    {
        Assert.True(Platform.TryParse(text, out var platform, out _));

        Assert.Equal(normalised, platform!.ToString());
    }

    [Fact]
    public void Arm64_with_and_without_its_default_variant_are_equal()
    {
        Assert.Equal(new Platform("linux", "arm64", null), new Platform("linux", "arm64", "v8"));
        Assert.NotEqual(new Platform("linux", "arm", "v6"), new Platform("linux", "arm", null));
        Assert.NotEqual(new Platform("linux", "amd64", null), new Platform("linux", "arm64", null));
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("/amd64")]
    [InlineData("linux/amd64/v1/extra")]
    [InlineData("linux/am d64")]
    [InlineData("")]
    public void Malformed_platform_is_rejected_with_a_reason(string text)
    {
        Assert.False(Platform.TryParse(text, out var platform, out var error));

        Assert.Null(platform);
        Assert.Contains("platform", error);
    }
}
