using System.Text;
using ImagePin.Audit.Packages;
using ImagePin.Audit.Sbom;
using ImagePin.Audit.Vulnerabilities;
using static ImagePin.Tests.Audit.Sbom.SbomDocuments;

namespace ImagePin.Tests.Audit.Sbom;

/// <summary>OS packages, their sources and the claimed release from SBOM attestations in the shapes real tools write.</summary>
public class SbomAttestationParserTests
{
    [Fact]
    public void Syft_debian_sbom_gives_os_packages_with_upstream_sources_and_counts_the_rest()
    {
        var sbom = SbomAttestationParser.Parse(SyftDebian());
        Assert.Equal("SPDX-2.3", sbom.SpdxVersion);
        Assert.Equal(8, sbom.OsPackages.Count);
        Assert.All(sbom.OsPackages, p => Assert.Equal(PackageKind.Deb, p.Kind));
        Assert.Equal(new InstalledPackage(PackageKind.Deb, "libc6", "2.36-9+deb12u7", "glibc", "2.36-9+deb12u7", "amd64"), Single(sbom, "libc6"));
        Assert.Equal(("base-files", "12.4+deb12u5"), (Single(sbom, "base-files").SourceName, Single(sbom, "base-files").SourceVersion)); // syft's sourceInfo names a file, not a source
        Assert.Equal(("pcre2", "10.42-1"), (Single(sbom, "libpcre2-8-0").SourceName, Single(sbom, "libpcre2-8-0").SourceVersion));
        Assert.Equal("1:1.2.13.dfsg-1", Single(sbom, "zlib1g").Version);
        Assert.Equal(new Dictionary<string, int> { ["(no purl)"] = 1, ["golang"] = 1, ["npm"] = 2, ["pypi"] = 1 }, sbom.OtherPackagesByType);
        Assert.Equal(5, sbom.OtherPackageCount);
        Assert.Equal("Debian:12", OsvEcosystem.FromOsRelease(sbom.ClaimedDistro!));
    }

    [Fact]
    public void Docker_scout_dialect_with_trivy_source_info_in_a_v1_statement()
    {
        var document = Statement(PackageList(
            Package("libssl3", "3.0.2-0ubuntu1.15", "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?os_distro=jammy&os_name=ubuntu&os_version=22.04", "built package from: openssl 3.0.2-0ubuntu1.15"),
            Package("libsystemd0", "249.11-0ubuntu3.12", "pkg:deb/ubuntu/libsystemd0@249.11-0ubuntu3.12?os_distro=jammy&os_name=ubuntu&os_version=22.04", "built package from: systemd"),
            Package("bash", "5.1-6ubuntu1.1", "pkg:deb/ubuntu/bash@5.1-6ubuntu1.1?os_distro=jammy&os_name=ubuntu&os_version=22.04")),
            type: "https://in-toto.io/Statement/v1", spdxVersion: "SPDX-2.2");
        var sbom = SbomAttestationParser.Parse(document);
        Assert.Equal(["libssl3 openssl 3.0.2-0ubuntu1.15", "libsystemd0 systemd 249.11-0ubuntu3.12", "bash bash 5.1-6ubuntu1.1"],
            sbom.OsPackages.Select(p => $"{p.Name} {p.SourceName} {p.SourceVersion}"));
        Assert.Equal(("ubuntu", "22.04", "jammy"), (sbom.ClaimedDistro!.Id, sbom.ClaimedDistro.VersionId, sbom.ClaimedDistro.VersionCodename));
        Assert.Equal("Ubuntu:22.04:LTS", OsvEcosystem.FromOsRelease(sbom.ClaimedDistro));
    }

    [Theory]
    [InlineData("pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64&upstream=openssl&distro=alpine-3.20.3", "Alpine:v3.20")]  // syft
    [InlineData("pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64&distro=3.20.3&upstream=openssl", "Alpine:v3.20")]        // Trivy's bare version
    [InlineData("pkg:apk/alpine/libcrypto3@3.3.2-r0?os_name=alpine&os_version=3.20&upstream=openssl", "Alpine:v3.20")]    // Scout
    public void Alpine_packages_take_the_origin_as_source(string purl, string ecosystem)
    {
        var sbom = SbomAttestationParser.Parse(Statement(PackageList(Package("libcrypto3", "3.3.2-r0", purl))));
        Assert.Equal(new InstalledPackage(PackageKind.Apk, "libcrypto3", "3.3.2-r0", "openssl", "3.3.2-r0", purl.Contains("arch=") ? "x86_64" : null), Assert.Single(sbom.OsPackages));
        Assert.Equal(ecosystem, OsvEcosystem.FromOsRelease(sbom.ClaimedDistro!));
    }

    [Theory]
    [InlineData("OPERATING-SYSTEM")]
    [InlineData("OPERATING_SYSTEM")]
    public void Operating_system_package_is_read_apart_from_purl_qualifiers_and_is_not_counted_as_a_package(string purpose)
    {
        var os = $$"""{"name": "wolfi", "SPDXID": "SPDXRef-OperatingSystem-wolfi", "versionInfo": "20230201", "downloadLocation": "NOASSERTION", "primaryPackagePurpose": "{{purpose}}"}""";
        var sbom = SbomAttestationParser.Parse(Statement(PackageList(
            Package("libcrypto3", "3.3.2-r0", "pkg:apk/wolfi/libcrypto3@3.3.2-r0?arch=x86_64&distro=alpine-3.20.3"), os)));
        Assert.Equal(("wolfi", "20230201"), (sbom.DeclaredOs!.Id, sbom.DeclaredOs.VersionId));
        Assert.Equal(("alpine", "3.20.3"), (sbom.ClaimedDistro!.Id, sbom.ClaimedDistro.VersionId));
        Assert.Single(sbom.OsPackages);
        Assert.Equal(0, sbom.OtherPackageCount);
    }

    [Fact]
    public void Dsse_envelope_is_unwrapped()
    {
        var envelope = $$"""{"payloadType":"application/vnd.in-toto+json","payload":"{{Convert.ToBase64String(SyftDebian())}}","signatures":[]}""";
        Assert.Equal(8, SbomAttestationParser.Parse(Encoding.UTF8.GetBytes(envelope)).OsPackages.Count);
    }

    [Fact]
    public void Duplicate_package_entries_count_once()
    {
        var package = Package("libc6", "2.36-9", "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12");
        Assert.Single(SbomAttestationParser.Parse(Statement(PackageList(package, package))).OsPackages);
    }

    [Theory]
    [InlineData("https://in-toto.io/Statement/v0.1", "https://slsa.dev/provenance/v0.2", "SPDX-2.3", "predicateType")]
    [InlineData("https://example.invalid/Statement", "https://spdx.dev/Document", "SPDX-2.3", "_type")]
    [InlineData("https://in-toto.io/Statement/v1", "https://spdx.dev/Document", "SPDX-3.0", "SPDX version")]
    public void Other_attestations_are_refused_with_the_reason(string type, string predicateType, string spdxVersion, string reason)
    {
        var error = Assert.Throws<SbomFormatException>(() => SbomAttestationParser.Parse(Statement("[]", type, predicateType, spdxVersion)));
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://spdx.dev/Document","predicate":{"spdxVersion":"SPDX-2.3","packages":{}}}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://spdx.dev/Document"}""")]
    [InlineData("""{"payloadType":"application/vnd.in-toto+json","payload":"***"}""")]
    public void Malformed_layers_raise_our_exception(string text) =>
        Assert.Throws<SbomFormatException>(() => SbomAttestationParser.Parse(Encoding.UTF8.GetBytes(text)));

    private static InstalledPackage Single(SbomContents sbom, string name) => Assert.Single(sbom.OsPackages, p => p.Name == name);
}
