using ImagePin.Audit.Versions;

namespace ImagePin.Tests.Audit.Versions;

/// <summary>Every comparison in the corpus's dpkg and apk vector files, both directions and reflexive.</summary>
public class VersionVectorTests
{
    [Theory]
    [InlineData("debian-versions-generated.txt", 14442)]
    [InlineData("debian-versions.txt", 30)]
    public void Dpkg_passes_every_vector(string file, int count) => AssertAll(file, count, DpkgVersion.Compare);

    [Theory]
    [InlineData("alpine-versions-generated.txt", 13979)]
    [InlineData("alpine-versions.txt", 778)]
    public void Apk_passes_every_vector(string file, int count) => AssertAll(file, count, ApkVersion.Compare);

    [Fact]
    public void Apk_validity_accepts_every_listed_valid_version()
    {
        var versions = VersionVectors.ReadList("osv.dev-alpine-converter", "valid_versions.txt");
        Assert.Equal(185, versions.Count);
        Assert.DoesNotContain(versions, v => !ApkVersion.IsValid(v));
    }

    [Fact]
    public void Apk_validity_rejects_every_listed_invalid_version()
    {
        var versions = VersionVectors.ReadList("osv.dev-alpine-converter", "invalid_versions.txt");
        Assert.Equal(11, versions.Count);
        Assert.DoesNotContain(versions, ApkVersion.IsValid);
    }

    private static void AssertAll(string file, int count, Func<string, string, int> compare)
    {
        var cases = VersionVectors.Read(file);
        Assert.Equal(count, cases.Count);
        var failures = VersionVectors.Failures(cases, compare);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} failed:\n" + string.Join('\n', failures.Take(40)));
    }
}
