using System.Text;

namespace ImagePin.Tests.Audit.Sbom;

/// <summary>
/// Hand-written attestation layers shaped like real ones: BuildKit's syft scanner (in-toto v0.1,
/// SPDX 2.3, <c>distro=</c> and <c>upstream=</c> qualifiers), Docker Scout (<c>os_name</c> /
/// <c>os_version</c> / <c>os_distro</c>) and Trivy (<c>sourceInfo: built package from: …</c>).
/// </summary>
internal static class SbomDocuments
{
    public static byte[] Statement(string packagesJson, string type = "https://in-toto.io/Statement/v0.1", string predicateType = "https://spdx.dev/Document", string spdxVersion = "SPDX-2.3") =>
        Encoding.UTF8.GetBytes($$"""
        {
          "_type": "{{type}}",
          "predicateType": "{{predicateType}}",
          "subject": [{"name": "pkg:docker/example/app@1.0?platform=linux%2Famd64", "digest": {"sha256": "2f3c1b7e9a6d4c8b0e5f1a2d3c4b5a69788796a5b4c3d2e1f00112233445566"} }],
          "predicate": {
            "spdxVersion": "{{spdxVersion}}",
            "dataLicense": "CC0-1.0",
            "SPDXID": "SPDXRef-DOCUMENT",
            "name": "sbom",
            "documentNamespace": "https://example.invalid/sbom-1",
            "creationInfo": {"created": "2025-05-01T10:00:00Z", "creators": ["Tool: syft-v1.20.0", "Tool: buildkit-v0.20.0"]},
            "packages": {{packagesJson}}
          }
        }
        """);

    public static string Package(string name, string version, string? purl, string? sourceInfo = null) =>
        $$"""
        {"name": "{{name}}", "SPDXID": "SPDXRef-Package-{{name}}", "versionInfo": "{{version}}", "downloadLocation": "NOASSERTION"{{(sourceInfo == null ? "" : $", \"sourceInfo\": \"{sourceInfo}\"")}}{{(purl == null ? "" : $$""", "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:{{name}}:{{name}}:*:*:*:*:*:*:*:*"}, {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "{{purl}}"}]""")}}}
        """;

    public static string PackageList(params string[] packages) => "[" + string.Join(",", packages) + "]";

    /// <summary>A Debian 12 image with a Node.js app, as BuildKit's syft scanner describes it.</summary>
    public static byte[] SyftDebian() => Statement(PackageList(
        Package("base-files", "12.4+deb12u5", "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12", "acquired package info from DPKG DB: /var/lib/dpkg/status"),
        Package("libc6", "2.36-9+deb12u7", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u7?arch=amd64&upstream=glibc&distro=debian-12", "acquired package info from DPKG DB: /var/lib/dpkg/status"),
        Package("libssl3", "3.0.13-1~deb12u1", "pkg:deb/debian/libssl3@3.0.13-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12"),
        Package("libgcc-s1", "12.2.0-14", "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&upstream=gcc-12&distro=debian-12"),
        Package("libpcre2-8-0", "10.42-1", "pkg:deb/debian/libpcre2-8-0@10.42-1?arch=amd64&upstream=pcre2%4010.42-1&distro=debian-12"),
        Package("tzdata", "2024a-0+deb12u1", "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12"),
        Package("gpgv", "2.2.40-1.1", "pkg:deb/debian/gpgv@2.2.40-1.1?arch=amd64&upstream=gnupg2&distro=debian-12"),
        Package("zlib1g", "1:1.2.13.dfsg-1", "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12"),
        Package("express", "4.19.2", "pkg:npm/express@4.19.2"),
        Package("lodash", "4.17.21", "pkg:npm/lodash@4.17.21"),
        Package("stdlib", "go1.22.2", "pkg:golang/stdlib@1.22.2"),
        Package("requests", "2.31.0", "pkg:pypi/requests@2.31.0"),
        Package("app", "1.0", null)));
}
