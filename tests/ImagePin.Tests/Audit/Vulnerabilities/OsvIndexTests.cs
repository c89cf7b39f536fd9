using ImagePin.Audit.Vulnerabilities;

namespace ImagePin.Tests.Audit.Vulnerabilities;

/// <summary>The per-ecosystem index written beside an export: same answers as the export, rebuilt when the data changes.</summary>
public class OsvIndexTests
{
    [Fact]
    public void A_warm_load_from_the_index_matches_as_the_export_does_and_parses_only_the_packages_asked_for()
    {
        using var exports = new OsvExports();
        var cold = OsvDatabase.Load(exports.Path, ["Debian:9"]);
        Assert.True(File.Exists(Path.Combine(exports.Path, "Debian", "index", "Debian_9.idx")));

        var warm = OsvDatabase.Load(exports.Path, ["Debian:9"], new HashSet<string> { "openssl" });

        Assert.Equal(4, cold.RecordCount);
        Assert.Equal(1, warm.RecordCount);
        Assert.Equal(["DLA-3008-1"], VulnerabilityMatcher.Match(warm, "Debian:9", "openssl", "1.1.0l-1~deb9u5").Select(f => f.Id));
        Assert.Equal(VulnerabilityMatcher.Match(cold, "Debian:9", "openssl", "1.1.0l-1~deb9u5").Select(f => f.Id),
            VulnerabilityMatcher.Match(warm, "Debian:9", "openssl", "1.1.0l-1~deb9u5").Select(f => f.Id));
    }

    [Fact]
    public void A_new_record_in_updates_rebuilds_the_index_and_a_damaged_index_reads_as_absent()
    {
        using var exports = new OsvExports();
        OsvDatabase.Load(exports.Path, ["Debian:9"]);
        var index = Path.Combine(exports.Path, "Debian", "index", "Debian_9.idx");

        // A newer DLA-3008-1 that says the fix came later.
        var updates = Directory.CreateDirectory(Path.Combine(exports.Path, "Debian", OsvDatabase.UpdatesFolder)).FullName;
        var record = File.ReadAllText(OsvExports.Records().Single(r => r.Path.EndsWith("DLA-3008-1.json", StringComparison.Ordinal)).Path)
            .Replace("1.1.0l-1~deb9u6", "1.1.0l-1~deb9u7", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(updates, "DLA-3008-1.json"), record);
        var updated = OsvDatabase.Load(exports.Path, ["Debian:9"], new HashSet<string> { "openssl" });
        Assert.Equal("1.1.0l-1~deb9u7", VulnerabilityMatcher.Match(updated, "Debian:9", "openssl", "1.1.0l-1~deb9u6").Single().FixedVersion);

        File.WriteAllBytes(index, [1, 2, 3]);
        var rebuilt = OsvDatabase.Load(exports.Path, ["Debian:9"], new HashSet<string> { "openssl" });
        Assert.Equal("1.1.0l-1~deb9u7", VulnerabilityMatcher.Match(rebuilt, "Debian:9", "openssl", "1.1.0l-1~deb9u6").Single().FixedVersion);
    }
}
