using System.Text.Json;
using ImagePin.Tests.Audit.Layers;
using ImagePin.Tests.Audit.Sbom;
using ImagePin.Tests.Audit.Vulnerabilities;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Audit.Registry;

/// <summary>`imagepin audit` end to end: images pushed to the real test registry, OSV data built from the corpus.</summary>
public sealed class AuditCommandTests
{
    private static DateTimeOffset DaysAgo(double days) => DateTimeOffset.UtcNow - TimeSpan.FromDays(days);

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.Out.Length > 0, $"no JSON (exit {run.ExitCode}); stderr: " + run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private static List<string> Ids(JsonElement findings) => findings.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Debian 9 image pinned at tag 1 (40 days old) whose tag moved to an image 10 days old: openssl fixed, libxml2 not, dpkg newly vulnerable.</summary>
    internal static async Task<(string Name, PushedManifest Pinned, PushedManifest Current)> DebianAsync(string tzdata = "2021a-0+deb9u4")
    {
        var images = new AuditImages(Pushers.Open(), TestRegistries.UniqueRepository("audit-debian"));
        var pinned = await images.ImageAsync("1", AuditFixtures.DebianLayers(AuditFixtures.DpkgStatus("1.1.0l-1~deb9u5", "2.9.4+dfsg1-2.2+deb9u6", "1.18.26", tzdata)), created: DaysAgo(40));
        var current = await images.ImageAsync("1", AuditFixtures.DebianLayers(AuditFixtures.DpkgStatus("1.1.0l-1~deb9u6", "2.9.4+dfsg1-2.2+deb9u6", "1.18.25")), created: DaysAgo(10));
        return ($"{TestRegistries.Open}/{images.Repository}", pinned, current);
    }

    [Fact]
    public async Task Layer_path_finds_the_pinned_findings_and_what_update_remediates_and_adds()
    {
        var (name, pinned, current) = await DebianAsync();
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM alpine:3.20\nFROM {name}:1@{pinned.Digest} AS app\n");

        var run = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var image = Assert.Single(Json(run).GetProperty("images").EnumerateArray());
        Assert.Equal(2, Json(run).GetProperty("version").GetInt32());
        Assert.Equal(current.Digest, image.GetProperty("currentDigest").GetString());
        Assert.Equal(2, image.GetProperty("locations")[0].GetProperty("line").GetInt32());
        var platform = Assert.Single(image.GetProperty("platforms").EnumerateArray());
        Assert.Equal("layers", platform.GetProperty("inventory").GetString());
        Assert.Equal("Debian:9", platform.GetProperty("ecosystem").GetString());
        Assert.Equal("os-release", platform.GetProperty("releaseSource").GetString());
        Assert.Equal(["DLA-3008-1", "DLA-3012-1"], Ids(platform.GetProperty("findings")));
        var openssl = platform.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "DLA-3008-1");
        Assert.Equal(("openssl", "1.1.0l-1~deb9u5", "1.1.0l-1~deb9u6", "fixed", true),
            (openssl.GetProperty("package").GetString(), openssl.GetProperty("installed").GetString(), openssl.GetProperty("fixedIn").GetString(),
             openssl.GetProperty("status").GetString(), openssl.GetProperty("remediatedByUpdate").GetBoolean()));
        Assert.Equal(["libssl1.1", "openssl"], openssl.GetProperty("binaries").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(["DLA-3022-1"], Ids(platform.GetProperty("current").GetProperty("introduced")));
        Assert.Equal(1, image.GetProperty("remediatedByUpdate").GetInt32());
        Assert.Equal(1, image.GetProperty("introducedByUpdate").GetInt32());
        // Staleness: config created times, 40 and 10 days.
        Assert.InRange(image.GetProperty("pinnedAgeSeconds").GetInt64(), 40 * 86400 - 600, 40 * 86400 + 600);
        Assert.InRange(image.GetProperty("newerDigestAgeSeconds").GetInt64(), 10 * 86400 - 600, 10 * 86400 + 600);
        Assert.Equal("config", image.GetProperty("createdSource").GetString());
        // Streamed top-down and stopped: every byte read is accounted for and the base layer was not needed.
        Assert.InRange(platform.GetProperty("bytesDownloaded").GetInt64(), 1, platform.GetProperty("layerBytes").GetInt64() - 1);
    }

    [Fact]
    public async Task Text_quickview_and_details_table_say_what_update_would_change()
    {
        var (name, pinned, _) = await DebianAsync();
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{pinned.Digest}\n");

        var run = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--details");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n');
        Assert.StartsWith($"Dockerfile:1:6: {name}:1@{pinned.Digest[..19]} linux/amd64 (Debian:9, layers): 0 critical, 0 high, 0 medium, 0 low, 2 unknown; update remediates 1 (\u22121 unknown), adds 1 (+1 unknown); pinned image 40d old, a newer digest exists since 10d", lines[0]);
        Assert.Contains(lines, l => l.Contains("openssl (libssl1.1, openssl)") && l.Contains("1.1.0l-1~deb9u5") && l.Contains("DLA-3008-1") && l.TrimEnd().EndsWith("fixes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("libxml2") && l.Contains("DLA-3012-1") && l.TrimEnd().EndsWith("keeps", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("dpkg") && l.Contains("DLA-3022-1") && l.TrimEnd().EndsWith("adds", StringComparison.Ordinal));
        Assert.Contains("runtimes and libraries installed outside the package manager", run.Out);
    }

    [Fact]
    public async Task Fail_on_thresholds_give_documented_exit_codes()
    {
        var (name, pinned, _) = await DebianAsync();
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{pinned.Digest}\n");

        Assert.Equal(1, CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "fixable").ExitCode);
        Assert.Equal(1, CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "any").ExitCode);
        // Debian's records carry no severity: nothing is rated high.
        Assert.Equal(0, CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "high").ExitCode);
        Assert.Equal(0, CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "high,fixable").ExitCode);
        var bad = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "severe");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'severe' is not one of", bad.Error);
    }

    /// <summary>Alpine 3.20 index (amd64 + arm64) whose amd64 image carries a BuildKit SBOM attestation; the tag moves to fixed musl.</summary>
    /// <param name="releasePackage">Whether the SBOM lists alpine-release (the package that ships os-release), as syft's SBOMs of Alpine images do.</param>
    /// <param name="purlDistro">The release the purls' distro qualifiers claim.</param>
    internal static async Task<(string Name, PushedManifest Pinned, PushedManifest Current)> AlpineWithSbomAsync(bool releasePackage = true, string purlDistro = "alpine-3.20.3")
    {
        var images = new AuditImages(Pushers.Open(), TestRegistries.UniqueRepository("audit-alpine"));
        async Task<PushedManifest> IndexAsync(string musl, DateTimeOffset created)
        {
            var amd64 = await images.ImageAsync(null, AuditFixtures.AlpineLayers(musl), "linux/amd64", created);
            var arm64 = await images.ImageAsync(null, AuditFixtures.AlpineLayers(musl), "linux/arm64", created);
            var sbom = SbomDocuments.Statement(SbomDocuments.PackageList([
                SbomDocuments.Package("musl", musl, $"pkg:apk/alpine/musl@{musl}?arch=x86_64&distro={purlDistro}"),
                SbomDocuments.Package("busybox", "1.35.0-r17", $"pkg:apk/alpine/busybox@1.35.0-r17?arch=x86_64&distro={purlDistro}"),
                .. releasePackage ? [SbomDocuments.Package("alpine-release", "3.20.3-r0", $"pkg:apk/alpine/alpine-release@3.20.3-r0?arch=x86_64&upstream=alpine-base&distro={purlDistro}")] : Array.Empty<string>(),
                SbomDocuments.Package("express", "4.19.2", "pkg:npm/express@4.19.2")]));
            return await images.IndexAsync("3.20", [(amd64, await images.AttestationAsync(amd64, sbom)), (arm64, null)], created);
        }
        var pinned = await IndexAsync("1.2.3-r0", DaysAgo(30));
        var current = await IndexAsync("1.2.5-r1", DaysAgo(3));
        return ($"{TestRegistries.Open}/{images.Repository}", pinned, current);
    }

    [Fact]
    public async Task Sbom_attestation_is_the_first_choice_and_agrees_with_the_layers()
    {
        var (name, pinned, _) = await AlpineWithSbomAsync();
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:3.20@{pinned.Digest}\n");

        var auto = Json(CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "json", "--platforms", "linux/amd64,linux/arm64"));
        var layers = Json(CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "json", "--platforms", "linux/amd64,linux/arm64", "--inventory", "layers"));

        var platforms = auto.GetProperty("images")[0].GetProperty("platforms").EnumerateArray().ToList();
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], platforms.Select(p => p.GetProperty("platform").GetString()));
        Assert.Equal(["sbom", "layers"], platforms.Select(p => p.GetProperty("inventory").GetString()));
        Assert.Equal("alpine-release", platforms[0].GetProperty("releaseSource").GetString());
        Assert.Equal(1, platforms[0].GetProperty("otherPackages").GetInt32());
        var viaLayers = layers.GetProperty("images")[0].GetProperty("platforms").EnumerateArray().ToList();
        Assert.All(viaLayers, p => Assert.Equal("layers", p.GetProperty("inventory").GetString()));
        foreach (var p in platforms.Concat(viaLayers))
        {
            Assert.Equal("Alpine:v3.20", p.GetProperty("ecosystem").GetString());
            var finding = Assert.Single(p.GetProperty("findings").EnumerateArray());
            Assert.Equal(("ALPINE-CVE-2025-26519", "musl", "high", "1.2.5-r1", true),
                (finding.GetProperty("id").GetString(), finding.GetProperty("package").GetString(), finding.GetProperty("severity").GetString(),
                 finding.GetProperty("fixedIn").GetString(), finding.GetProperty("remediatedByUpdate").GetBoolean()));
        }
        // The SBOM path reads the attestation, not the layers.
        Assert.True(platforms[0].GetProperty("bytesDownloaded").GetInt64() < platforms[0].GetProperty("layerBytes").GetInt64());
        // Created times from the index annotation.
        Assert.Equal("annotation", auto.GetProperty("images")[0].GetProperty("createdSource").GetString());
    }

    [Fact]
    public async Task Sbom_naming_its_release_only_in_purl_qualifiers_is_not_trusted_for_it_and_the_layers_are_read()
    {
        var (name, pinned, _) = await AlpineWithSbomAsync(releasePackage: false);
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:3.20@{pinned.Digest}\n");

        var platform = Json(CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "json")).GetProperty("images")[0].GetProperty("platforms")[0];

        Assert.Equal("layers", platform.GetProperty("inventory").GetString());
        Assert.Equal("os-release", platform.GetProperty("releaseSource").GetString());
        Assert.Equal("Alpine:v3.20", platform.GetProperty("ecosystem").GetString());
        Assert.Contains(platform.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("purl qualifiers are not used"));
    }

    [Fact]
    public async Task Sbom_whose_purls_claim_another_release_than_its_release_package_uses_the_package_and_says_so()
    {
        var (name, pinned, _) = await AlpineWithSbomAsync(purlDistro: "alpine-3.19.1");
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:3.20@{pinned.Digest}\n");

        var platform = Json(CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "json")).GetProperty("images")[0].GetProperty("platforms")[0];

        Assert.Equal(("sbom", "Alpine:v3.20"), (platform.GetProperty("inventory").GetString(), platform.GetProperty("ecosystem").GetString()));
        Assert.Contains(platform.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("its purls say Alpine:v3.19, its alpine-release says Alpine:v3.20"));
    }

    [Fact]
    public async Task High_findings_fail_the_audit_and_sarif_has_one_result_per_vulnerable_reference_at_its_line()
    {
        var (name, pinned, _) = await AlpineWithSbomAsync();
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:3.20@{pinned.Digest} AS one\nRUN true\nFROM {name}:3.20@{pinned.Digest} AS two\n");

        var text = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "high");
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("1 high", text.Out);
        Assert.Contains("update remediates 1 (\u22121 high), adds 0", text.Out);
        Assert.Equal(0, CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--fail-on", "critical").ExitCode);

        var sarif = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "sarif", "--fail-on", "high");
        Assert.Equal(1, sarif.ExitCode);
        SarifSchema.AssertValid(sarif.Out);
        var results = JsonDocument.Parse(sarif.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([1, 3], results.Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()));
        Assert.All(results, r => Assert.Equal(("IP011", "error"), (r.GetProperty("ruleId").GetString(), r.GetProperty("level").GetString())));
    }

    [Fact]
    public async Task A_hostile_layer_is_a_located_error_with_exit_4_not_a_crash()
    {
        var images = new AuditImages(Pushers.Open(), TestRegistries.UniqueRepository("audit-hostile"));
        var garbage = new LayerBlob(TestLayer.Gzip, System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096));
        var escaping = LayerBlob.Of(new TestLayer().File("../../etc/os-release", "ID=evil\n"));
        var pinned = await images.ImageAsync("1", [garbage, escaping]);
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"# base\nFROM {TestRegistries.Open}/{images.Repository}:1@{pinned.Digest}\n");

        var run = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path);

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("Dockerfile:2:6: error:", run.Out);
        Assert.Contains("not a readable tar archive", run.Out);
    }

    [Fact]
    public async Task Missing_or_broken_vulnerability_data_is_exit_5_with_what_to_do()
    {
        var (name, pinned, _) = await DebianAsync();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{pinned.Digest}\n").WriteBytes("osv/Debian/all.zip", "not a zip"u8.ToArray());
        Directory.CreateDirectory(tree.PathOf("empty"));

        var missing = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["IMAGEPIN_CACHE_DIR"] = tree.PathOf("cache") }, "audit");
        Assert.Equal(5, missing.ExitCode);
        Assert.Contains("no OSV export for Debian", missing.Error);
        Assert.Contains("imagepin db update", missing.Error);
        var broken = CliRun.Invoke(tree.Root, "audit", "--db", tree.PathOf("osv"));
        Assert.Equal(5, broken.ExitCode);
        Assert.Contains("not a readable zip archive", broken.Error);
    }

    [Fact]
    public async Task Placeholder_epoch_created_times_are_unknown()
    {
        var images = new AuditImages(Pushers.Open(), TestRegistries.UniqueRepository("audit-epoch"));
        var pinned = await images.ImageAsync("1", AuditFixtures.AlpineLayers("1.2.5-r1"), created: DateTimeOffset.UnixEpoch);
        using var exports = new OsvExports();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {TestRegistries.Open}/{images.Repository}:1@{pinned.Digest}\n");

        var run = CliRun.Invoke(tree.Root, "audit", "--db", exports.Path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var image = Json(run).GetProperty("images")[0];
        Assert.Equal(JsonValueKind.Null, image.GetProperty("pinnedCreated").ValueKind);
        Assert.Equal(JsonValueKind.Null, image.GetProperty("pinnedAgeSeconds").ValueKind);
        Assert.Empty(image.GetProperty("platforms")[0].GetProperty("findings").EnumerateArray());
    }
}
