using ImagePin.Audit.Packages;
using ImagePin.Audit.Vulnerabilities;

namespace ImagePin.Tests.Audit.Packages;

/// <summary>The release named by the package that ships os-release, for SBOMs that list packages but no operating system.</summary>
public class OsReleaseOwnerTests
{
    private static InstalledPackage Deb(string name, string version) => new(PackageKind.Deb, name, version, name, version, "amd64");
    private static InstalledPackage Apk(string name, string version) => new(PackageKind.Apk, name, version, name, version, "x86_64");

    [Theory]
    [InlineData("3.20.3-r0", "Alpine:v3.20")]
    [InlineData("3.19.1-r0", "Alpine:v3.19")]
    [InlineData("3.21_alpha20240807-r0", "Alpine:v3.21")]
    public void Alpine_release_package_names_the_alpine_release(string version, string ecosystem)
    {
        var (release, source) = OsReleaseOwner.FromPackages([Apk("musl", "1.2.5-r0"), Apk("alpine-release", version)])!.Value;
        Assert.Equal(("alpine-release", ecosystem), (source, OsvEcosystem.FromOsRelease(release)));
    }

    [Fact]
    public void Debian_base_files_names_the_debian_release()
    {
        var (release, source) = OsReleaseOwner.FromPackages([Deb("libc6", "2.36-9+deb12u7"), Deb("base-files", "12.4+deb12u5")])!.Value;
        Assert.Equal(("base-files", "Debian:12"), (source, OsvEcosystem.FromOsRelease(release)));
    }

    [Theory]
    [InlineData("base-files", "13ubuntu10.1")]  // Ubuntu: the version does not spell the release
    [InlineData("base-files", "12.4devuan3")]   // a Debian derivative
    [InlineData("libc6", "2.36-9")]
    public void Packages_that_do_not_spell_a_release_name_none(string name, string version) =>
        Assert.Null(OsReleaseOwner.FromPackages([Deb(name, version)]));

    [Fact]
    public void Alpine_release_with_an_unexpected_version_names_none() =>
        Assert.Null(OsReleaseOwner.FromPackages([Apk("alpine-release", "edge")]));
}
