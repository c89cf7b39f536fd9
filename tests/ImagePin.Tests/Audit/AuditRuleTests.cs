using ImagePin.Audit.Images;
using ImagePin.Audit.Layers;
using ImagePin.Audit.Packages;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Tests.Audit.Layers;

namespace ImagePin.Tests.Audit;

/// <summary>Severity ratings, --fail-on parsing and the base-files release rule.</summary>
public class AuditRuleTests
{
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.0)] // ALPINE-CVE-2025-26519
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", 4.7)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)]
    [InlineData("CVSS:3.0/AV:N/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0)]
    public void Cvss3_base_scores_match_the_specification_calculator(string vector, double score) =>
        Assert.Equal(score, Cvss3.BaseScore(vector));

    [Theory]
    [InlineData("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")]
    [InlineData("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("garbage")]
    public void Incomplete_or_other_vectors_have_no_score(string vector) => Assert.Null(Cvss3.BaseScore(vector));

    [Fact]
    public void The_distribution_rating_wins_over_cvss_and_unrated_records_are_unknown()
    {
        Assert.Equal(AdvisorySeverity.Medium, SeverityRating.Of([new("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), new("Ubuntu", "medium")]));
        Assert.Equal(AdvisorySeverity.Critical, SeverityRating.Of([new("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]));
        Assert.Equal(AdvisorySeverity.Unknown, SeverityRating.Of([new("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")]));
        Assert.Equal(AdvisorySeverity.Unknown, SeverityRating.Of([]));
    }

    [Theory]
    [InlineData("high", 3, false, false)]
    [InlineData("fixable", null, true, true)]
    [InlineData("critical, fixable", 4, false, true)]
    [InlineData("any", null, true, false)]
    public void Fail_on_reads_a_severity_and_fixable(string text, int? level, bool anySeverity, bool fixable)
    {
        Assert.True(FailOn.TryParse(text, out var failOn, out _));
        Assert.Equal(new FailOn((AdvisorySeverity?)level, anySeverity, fixable), failOn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("urgent")]
    public void Fail_on_without_a_known_condition_is_refused(string text) => Assert.False(FailOn.TryParse(text, out _, out _));

    [Theory]
    [InlineData("12.4+deb12u5", "12")]
    [InlineData("11.1+deb11u9", "11")]
    [InlineData("13.8", "13")]
    [InlineData("9.9+deb9u13", "9")]
    [InlineData("12ubuntu4.6", null)]
    [InlineData("12.4devuan3", null)]
    [InlineData("12.4+rpi1", null)]
    [InlineData("12.4+deb11u1", null)]
    public void Debian_base_files_names_the_release_and_derivatives_do_not(string version, string? release)
    {
        var found = DebianBaseFiles.Release([new InstalledPackage(PackageKind.Deb, "base-files", version, "base-files", version, "amd64")]);
        Assert.Equal(release, found?.VersionId);
        if (release is not null) Assert.Equal("Debian:" + release, OsvEcosystem.FromOsRelease(found!));
    }

    [Fact]
    public async Task The_layer_reader_stops_at_a_database_whose_base_files_names_the_release()
    {
        const string status = "Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u5\n\nPackage: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n";
        var image = new TestImage()
            .Layer(new TestLayer().Noise("app/bin", 1000))
            .Layer(new TestLayer().File("var/lib/dpkg/status", status))
            .Layer(new TestLayer().File("usr/lib/os-release", "ID=debian\nVERSION_ID=12\n").File("var/lib/dpkg/status", status));

        var found = await ImageFileFinder.FindAsync(
            [new("application/vnd.oci.image.layer.v1.tar+gzip", image.SizeOf(0)), new("application/vnd.oci.image.layer.v1.tar+gzip", image.SizeOf(1)), new("application/vnd.oci.image.layer.v1.tar+gzip", image.SizeOf(2))],
            (i, _) => Task.FromResult<Stream>(new MemoryStream(image.Blob(i))), null, TestContext.Current.CancellationToken, DebianBaseFiles.NamesRelease);

        Assert.Equal([true, true, false], found.Layers.Select(l => l.Opened));
        Assert.Null(found.OsRelease);
        Assert.Equal("12", DebianBaseFiles.Release(ImageInventory.From(found).Packages)?.VersionId);
    }
}
