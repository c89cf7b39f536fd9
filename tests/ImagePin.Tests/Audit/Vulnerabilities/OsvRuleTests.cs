using System.IO.Compression;
using System.Text;
using ImagePin.Audit.Packages;
using ImagePin.Audit.Versions;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Tests.Editing;

namespace ImagePin.Tests.Audit.Vulnerabilities;

/// <summary>Range evaluation, statuses and ecosystem names on small hand-written records.</summary>
public class OsvRuleTests
{
    private static OsvAffected Entry(string events, string versions = "[]", string extra = "") =>
        Assert.Single(Parse($$"""{"id":"X-1","affected":[{"package":{"ecosystem":"Debian:12","name":"p"},"ranges":[{"type":"ECOSYSTEM","events":{{events}}}],"versions":{{versions}}{{extra}}}]}""").Affected);

    private static OsvRecord Parse(string json) => OsvRecordParser.Parse(Encoding.UTF8.GetBytes(json), "test");

    [Theory]
    [InlineData("1.0-1", true, "1.2-1")]
    [InlineData("1.2-1", false, null)]
    [InlineData("2.5-1", true, "3.0-1")]  // second interval
    [InlineData("1:0.1", false, null)]    // the epoch puts it past both fixes
    [InlineData("0.9", false, null)]       // before the first introduced
    public void Events_are_walked_in_version_order_whatever_order_they_are_written(string version, bool affected, string? fix)
    {
        var entry = Entry("""[{"fixed":"3.0-1"},{"introduced":"2.0"},{"fixed":"1.2-1"},{"introduced":"1.0"}]""");
        Assert.Equal((affected, fix), AffectedRanges.Evaluate(entry, version, VersionScheme.Dpkg));
    }

    [Theory]
    [InlineData("2.0", true)]
    [InlineData("2.0-1", false)]
    public void Last_affected_includes_itself_only(string version, bool affected) =>
        Assert.Equal(affected, AffectedRanges.Evaluate(Entry("""[{"introduced":"0"},{"last_affected":"2.0"}]"""), version, VersionScheme.Dpkg).Affected);

    [Fact]
    public void Explicit_versions_match_without_ranges()
    {
        var entry = Entry("[]", """["1.0-1","0:1.1-1"]""");
        Assert.True(AffectedRanges.Evaluate(entry, "1.1-1", VersionScheme.Dpkg).Affected);
        Assert.False(AffectedRanges.Evaluate(entry, "1.0-2", VersionScheme.Dpkg).Affected);
    }

    [Fact]
    public void Statuses_and_withdrawn_records()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("Debian"));
        Write(temp.File("Debian/a.json"), "DEBIAN-CVE-1", """{"introduced":"0"}""", ""","ecosystem_specific":{"urgency":"unimportant"}""");
        Write(temp.File("Debian/b.json"), "DEBIAN-CVE-2", """{"introduced":"0"}""", "");
        Write(temp.File("Debian/c.json"), "DEBIAN-CVE-3", """{"introduced":"0"},{"fixed":"2.0"}""", ""","ecosystem_specific":{"urgency":"unimportant"}""");
        Write(temp.File("Debian/d.json"), "DEBIAN-CVE-4", """{"introduced":"0"}""", "", "\"withdrawn\":\"2024-01-01T00:00:00Z\",");
        File.WriteAllText(temp.File("Debian/e.json"), """{"id":"BAD","affected":[{"package":{"ecosystem":"Debian:12" """); // cut short
        File.WriteAllText(temp.File("Debian/f.json"), "{ not json, and about no wanted release");
        var database = OsvDatabase.Load(temp.Path, ["Debian:12"]);
        Assert.Equal(4, database.RecordCount);
        Assert.Equal(1, database.WithdrawnCount);
        Assert.Contains("e.json", Assert.Single(database.Problems)); // f.json never names Debian:12, so is not even parsed
        var statuses = VulnerabilityMatcher.Match(database, "Debian:12", "p", "1.0").ToDictionary(f => f.Id, f => f.Status);
        Assert.Equal(new Dictionary<string, FindingStatus>
        {
            ["DEBIAN-CVE-1"] = FindingStatus.Unimportant,
            ["DEBIAN-CVE-2"] = FindingStatus.Unfixed,
            ["DEBIAN-CVE-3"] = FindingStatus.Fixed, // a shipped fix is worth knowing whatever the rating
        }, statuses);
    }

    [Fact]
    public void Ubuntu_negligible_priority_is_unimportant()
    {
        const string json = """{"id":"UBUNTU-CVE-1","severity":[{"type":"Ubuntu","score":"negligible"}],"affected":[{"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"p"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}""";
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("Ubuntu"));
        using (var archive = ZipFile.Open(temp.File("Ubuntu/all.zip"), ZipArchiveMode.Create))
        using (var writer = new StreamWriter(archive.CreateEntry("UBUNTU-CVE-1.json").Open()))
            writer.Write(json);
        var finding = Assert.Single(VulnerabilityMatcher.Match(OsvDatabase.Load(temp.Path, ["Ubuntu:22.04:LTS"]), "Ubuntu:22.04:LTS", "p", "1.0"));
        Assert.Equal(FindingStatus.Unimportant, finding.Status);
        Assert.Equal("negligible", Assert.Single(finding.Severity).Score);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_record_over_the_size_limit_is_left_out_and_said_and_the_others_still_load(bool zipped)
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("Debian"));
        Write(temp.File("good.json"), "DEBIAN-CVE-1", """{"introduced":"0"}""", "");
        // Valid JSON naming the wanted release, one byte over the limit: refused for its size, not its content.
        var head = """{"id":"DEBIAN-CVE-2","affected":[{"package":{"ecosystem":"Debian:12","name":"p"}}],"x":" """.TrimEnd();
        var huge = head + new string(' ', OsvRecordParser.MaxRecordBytes - head.Length - 1) + "\"}";
        Assert.Equal(OsvRecordParser.MaxRecordBytes + 1, huge.Length);
        if (zipped)
        {
            using var archive = ZipFile.Open(temp.File("Debian/all.zip"), ZipArchiveMode.Create);
            archive.CreateEntryFromFile(temp.File("good.json"), "DEBIAN-CVE-1.json");
            using var writer = new StreamWriter(archive.CreateEntry("DEBIAN-CVE-2.json").Open());
            writer.Write(huge);
        }
        else
        {
            File.Move(temp.File("good.json"), temp.File("Debian/DEBIAN-CVE-1.json"));
            File.WriteAllText(temp.File("Debian/DEBIAN-CVE-2.json"), huge);
        }

        var database = OsvDatabase.Load(temp.Path, ["Debian:12"]);

        Assert.Equal(1, database.RecordCount);
        var problem = Assert.Single(database.Problems);
        Assert.Contains("DEBIAN-CVE-2.json", problem);
        Assert.EndsWith($"{OsvRecordParser.MaxRecordBytes + 1} bytes, over the {OsvRecordParser.MaxRecordBytes}-byte record limit", problem);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("""{"affected":[]}""")]
    [InlineData("""{"id":"X","affected":{}}""")]
    [InlineData("""{"id":"X","affected":[{"package":{"ecosystem":"Debian:12","name":"p"},"ranges":[{"type":"ECOSYSTEM","events":7}]}]}""")]
    public void Malformed_records_raise_our_exception(string json)
    {
        var error = Assert.Throws<OsvFormatException>(() => Parse(json));
        Assert.StartsWith("test", error.Message); // names where the record came from
    }

    [Fact]
    public void Deeply_nested_json_is_refused()
    {
        var json = "{\"id\":\"X\",\"x\":" + new string('[', 100) + new string(']', 100) + "}";
        Assert.Throws<OsvFormatException>(() => Parse(json));
    }

    [Theory]
    [InlineData("ID=debian\nVERSION_ID=\"12\"", "Debian:12")]
    [InlineData("ID=debian\nVERSION_CODENAME=trixie", "Debian:13")]
    [InlineData("ID=ubuntu\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"", "Ubuntu:22.04:LTS")]
    [InlineData("ID=ubuntu\nVERSION_ID=\"23.10\"\nVERSION=\"23.10 (Mantic Minotaur)\"", "Ubuntu:23.10")]
    [InlineData("ID=ubuntu\nVERSION_ID=24.04", "Ubuntu:24.04:LTS")]
    [InlineData("ID=ubuntu\nVERSION_ID=25.04", "Ubuntu:25.04")]
    [InlineData("ID=alpine\nVERSION_ID=3.20.3", "Alpine:v3.20")]
    [InlineData("ID=alpine\nVERSION_ID=3.21.0_alpha20240807", "Alpine:v3.21")]
    [InlineData("ID=alpine\nVERSION_ID=3", null)]
    [InlineData("ID=fedora\nVERSION_ID=40", null)]
    [InlineData("ID=debian", null)]
    public void Ecosystem_from_os_release(string osRelease, string? ecosystem) =>
        Assert.Equal(ecosystem, OsvEcosystem.FromOsRelease(OsReleaseParser.Parse(osRelease)));

    private static void Write(string path, string id, string events, string extra, string top = "") =>
        File.WriteAllText(path, $$"""{{{top}}"id":"{{id}}","affected":[{"package":{"ecosystem":"Debian:12","name":"p"},"ranges":[{"type":"ECOSYSTEM","events":[{{events}}]}]{{extra}}}]}""");
}
