using ImagePin.Audit.Packages;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Tests.Audit.Layers;
using ImagePin.Tests.Audit.Vulnerabilities;

namespace ImagePin.Tests.Audit;

/// <summary>The stages wired as the audit command will wire them: layers → files → packages → ecosystem → findings.</summary>
public class AuditPipelineTests
{
    [Fact]
    public async Task Debian_9_image_with_an_old_openssl_is_matched_against_the_corpus_advisories()
    {
        var image = new TestImage()
            .Layer(new TestLayer().File("var/lib/dpkg/status",
                "Package: libssl1.1\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 1.1.0l-1~deb9u5\n\n"
                + "Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.1.0l-1~deb9u5\n\n"
                + "Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2021a-0+deb9u4\n"))
            .Layer(new TestLayer().Symlink("etc/os-release", "../usr/lib/os-release")
                .File("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 9 (stretch)\"\nID=debian\nVERSION_ID=\"9\"\nVERSION_CODENAME=stretch\n"), TestLayer.Zstd);
        var inventory = ImageInventory.From(await image.FindAsync());
        var ecosystem = OsvEcosystem.FromOsRelease(inventory.Release!);
        Assert.Equal("Debian:9", ecosystem);
        using var exports = new OsvExports();
        var database = OsvDatabase.Load(exports.Path, [ecosystem!]);

        var result = Assert.Single(VulnerabilityMatcher.MatchPackages(database, ecosystem!, inventory.Packages)); // tzdata is at its fix
        Assert.Equal(("openssl", "1.1.0l-1~deb9u5"), (result.SourceName, result.SourceVersion));
        Assert.Equal(["libssl1.1", "openssl"], result.Binaries.Select(b => b.Name));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("DLA-3008-1", "1.1.0l-1~deb9u6", FindingStatus.Fixed), (finding.Id, finding.FixedVersion, finding.Status));
    }
}
