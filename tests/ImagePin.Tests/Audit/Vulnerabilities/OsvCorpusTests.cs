using ImagePin.Audit.Vulnerabilities;

namespace ImagePin.Tests.Audit.Vulnerabilities;

/// <summary>The real OSV fixtures, loaded as per-distribution exports and matched against versions either side of their fixes.</summary>
public class OsvCorpusTests
{
    private static readonly string[] AllEcosystems =
    [
        "Debian:7", "Debian:9", "Ubuntu:Pro:14.04:LTS",
        "Alpine:v3.3", "Alpine:v3.8", "Alpine:v3.12", "Alpine:v3.16", "Alpine:v3.20", "Alpine:v3.24",
    ];

    [Fact]
    public void Every_fixture_parses()
    {
        var records = OsvExports.Records();
        Assert.Equal(21, records.Count);
        foreach (var (path, _) in records)
        {
            var record = OsvRecordParser.Parse(File.ReadAllBytes(path), path);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), record.Id);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Zipped_and_unzipped_exports_load_the_same_records(bool zipped)
    {
        using var exports = new OsvExports(zipped);
        var database = OsvDatabase.Load(exports.Path, AllEcosystems);
        Assert.Empty(database.Problems);
        Assert.Equal(9, database.RecordCount); // the stripped records affect nothing, so nothing keeps them
        Assert.Equal(3, database.Lookup("Debian:9", "tzdata").Count + database.Lookup("Debian:9", "openssl").Count + database.Lookup("Debian:9", "dpkg").Count);
    }

    [Fact]
    public void Only_the_ecosystems_asked_for_are_loaded()
    {
        using var exports = new OsvExports();
        var database = OsvDatabase.Load(exports.Path, ["Alpine:v3.20"]);
        Assert.Equal(1, database.RecordCount);
        Assert.Single(database.Lookup("Alpine:v3.20", "musl"));
        Assert.Empty(database.Lookup("Alpine:v3.19", "musl"));
        Assert.Empty(database.Lookup("Debian:9", "openssl"));
    }

    [Fact]
    public void Missing_export_is_reported_by_name()
    {
        using var exports = new OsvExports();
        var error = Assert.Throws<OsvFormatException>(() => OsvDatabase.Load(exports.Path, ["Wolfi"]));
        Assert.Contains("Wolfi", error.Message);
    }

    [Theory]
    [InlineData("Debian:9", "openssl", "1.1.0l-1~deb9u5", "DLA-3008-1", "1.1.0l-1~deb9u6", "CVE-2022-1292")]
    [InlineData("Debian:9", "openssl", "1.1.0f-3", "DLA-3008-1", "1.1.0l-1~deb9u6", "DEBIAN-CVE-2022-1292")]
    [InlineData("Debian:9", "libxml2", "2.9.4+dfsg1-2.2+deb9u6", "DLA-3012-1", "2.9.4+dfsg1-2.2+deb9u7", "CVE-2022-29824")]
    [InlineData("Debian:9", "dpkg", "1.18.25", "DLA-3022-1", "1.18.26", "CVE-2022-1664")]
    [InlineData("Debian:9", "tzdata", "2021a-0+deb9u3", "DLA-3051-1", "2021a-0+deb9u4", null)]
    [InlineData("Debian:7", "nginx", "1.2.1-2.2+wheezy2", "DSA-3029-1", "1.2.1-2.2+wheezy3", "CVE-2014-3616")]
    [InlineData("Alpine:v3.20", "musl", "1.2.5-r0", "ALPINE-CVE-2025-26519", "1.2.5-r1", "CVE-2025-26519")]
    [InlineData("Alpine:v3.24", "musl", "1.2.5-r9", "ALPINE-CVE-2025-26519", "1.2.5-r10", "CVE-2025-26519")]
    [InlineData("Alpine:v3.16", "mariadb", "10.6.7-r0", "CVE-2022-27449", "10.6.8-r0", null)]
    [InlineData("Alpine:v3.8", "openssl", "1.0.2p-r0", "CVE-2018-5407", "1.0.2q-r0", null)]
    public void Version_below_the_fix_is_affected_and_the_fix_is_not(string ecosystem, string package, string version, string id, string fix, string? alias)
    {
        using var exports = new OsvExports();
        var database = OsvDatabase.Load(exports.Path, [ecosystem]);
        var finding = Assert.Single(VulnerabilityMatcher.Match(database, ecosystem, package, version));
        Assert.Equal((id, fix, FindingStatus.Fixed), (finding.Id, finding.FixedVersion, finding.Status));
        if (alias != null) Assert.Contains(alias, finding.Aliases);
        Assert.Empty(VulnerabilityMatcher.Match(database, ecosystem, package, fix));
        Assert.Empty(VulnerabilityMatcher.Match(database, ecosystem, package + "-other", version));
    }

    [Fact]
    public void Introduced_bound_excludes_older_versions()
    {
        using var exports = new OsvExports();
        var database = OsvDatabase.Load(exports.Path, ["Alpine:v3.20"]);
        Assert.Empty(VulnerabilityMatcher.Match(database, "Alpine:v3.20", "musl", "0.9.12-r0"));
        Assert.Single(VulnerabilityMatcher.Match(database, "Alpine:v3.20", "musl", "0.9.13"));
    }

    [Fact]
    public void Ubuntu_record_without_fix_is_unfixed_with_ubuntu_severity()
    {
        using var exports = new OsvExports();
        var database = OsvDatabase.Load(exports.Path, ["Ubuntu:Pro:14.04:LTS"]);
        var finding = Assert.Single(VulnerabilityMatcher.Match(database, "Ubuntu:Pro:14.04:LTS", "linux", "3.13.0-206.257"));
        Assert.Equal(FindingStatus.Unfixed, finding.Status);
        Assert.Null(finding.FixedVersion);
        Assert.Contains(new OsvSeverity("Ubuntu", "medium"), finding.Severity);
        Assert.Equal(["CVE-2025-38094"], finding.Aliases);
    }

    [Fact]
    public void Alpine_severity_vector_is_carried()
    {
        using var exports = new OsvExports();
        var database = OsvDatabase.Load(exports.Path, ["Alpine:v3.20"]);
        var finding = Assert.Single(VulnerabilityMatcher.Match(database, "Alpine:v3.20", "musl", "1.2.4-r0"));
        Assert.Equal("CVSS_V3", Assert.Single(finding.Severity).Type);
    }
}
