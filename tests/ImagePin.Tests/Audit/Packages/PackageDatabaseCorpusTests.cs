using ImagePin.Audit.Packages;

namespace ImagePin.Tests.Audit.Packages;

/// <summary>Every pkgdb fixture through the parsers, then concrete expectations on the telling ones.</summary>
public class PackageDatabaseCorpusTests
{
    [Fact]
    public void Every_fixture_parses_in_its_role_and_any_parser_fails_only_with_our_exception()
    {
        var fixtures = PkgdbCorpus.All();
        Assert.Equal(110, fixtures.Count);
        Assert.True(fixtures.Count(f => f.Role != PkgdbCorpus.Role.Other) >= 90, "roles recognised for most fixtures");
        foreach (var (path, role) in fixtures)
        {
            var bytes = PkgdbCorpus.Read(path);
            var parsers = new (PkgdbCorpus.Role Role, Action Parse)[]
            {
                (PkgdbCorpus.Role.DpkgStatus, () => DpkgStatusParser.Parse(bytes, statusRequired: true)),
                (PkgdbCorpus.Role.DpkgStatusD, () => DpkgStatusParser.Parse(bytes, statusRequired: false)),
                (PkgdbCorpus.Role.ApkInstalled, () => ApkInstalledParser.Parse(bytes)),
                (PkgdbCorpus.Role.OsRelease, () => OsReleaseParser.Parse(bytes)),
            };
            foreach (var (parserRole, parse) in parsers)
            {
                var error = Record.Exception(parse);
                if (parserRole == role) Assert.True(error == null, $"{path}: {error}");
                else Assert.True(error is null or PackageDatabaseException, $"{path} as {parserRole}: {error}");
            }
        }
    }

    [Fact]
    public void Full_ubuntu_status_lists_the_90_installed_packages_with_their_sources()
    {
        var packages = Dpkg("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/dpkg");
        Assert.Equal(90, packages.Count);
        Assert.DoesNotContain(packages, p => p.Name == "git"); // deinstall ok config-files
        var libc = Assert.Single(packages, p => p.Name == "libc6");
        Assert.Equal(new InstalledPackage(PackageKind.Deb, "libc6", "2.27-3ubuntu1", "glibc", "2.27-3ubuntu1", "amd64"), libc);
        var liblzma = Assert.Single(packages, p => p.SourceName == "xz-utils");
        Assert.Equal("5.1.1alpha+20120614-2", liblzma.SourceVersion);
        Assert.NotEqual(liblzma.Version, liblzma.SourceVersion);
    }

    [Fact]
    public void Corrupt_status_keeps_the_complete_installed_paragraphs()
    {
        var packages = Dpkg("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/corrupsed");
        Assert.Equal(["libpam-runtime", "libpam-modules-bin", "makedev", "libgcc1"], packages.Select(p => p.Name));
        var libgcc = packages[3];
        Assert.Equal(("1:5.1.1-12ubuntu1", "gcc-5", "5.1.1-12ubuntu1"), (libgcc.Version, libgcc.SourceName, libgcc.SourceVersion));
        Assert.Equal(("pam", "1.1.8-3.1ubuntu3"), (packages[0].SourceName, packages[0].SourceVersion));
        Assert.Equal(("makedev", "2.3.1-93ubuntu1"), (packages[2].SourceName, packages[2].SourceVersion));
    }

    [Fact]
    public void Third_party_epoch_and_tilde_versions_are_kept_verbatim()
    {
        var docker = Assert.Single(Dpkg("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/dpkg-third-party"), p => p.Name == "docker-ce");
        Assert.Equal("5:20.10.7~3-0~debian-buster", docker.Version);
    }

    [Theory]
    [InlineData("syft/syft/pkg/cataloger/debian/testdata/image-dpkg/var/lib/dpkg/status", "libpam-runtime 1.1.8-3.6 pam")] // no final newline, empty first paragraph
    [InlineData("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/digest-status", null)]
    public void Status_files_without_final_newline(string path, string? expected)
    {
        var packages = Dpkg(path);
        Assert.NotEmpty(packages);
        if (expected != null) Assert.Equal(expected, string.Join(",", packages.Select(p => $"{p.Name} {p.Version} {p.SourceName}")));
    }

    [Theory]
    [InlineData("image-distroless-deb/var/lib/dpkg/status.d/libsqlite3-0", "libsqlite3-0 3.34.1-3 sqlite3 arm64")]
    [InlineData("var/lib/dpkg/status.d/multiple", "tzdata 2020a-0+deb10u1 tzdata-dev all,util-linux 2.33.1-0.1 util-linux amd64")]
    [InlineData("var/lib/dpkg/status.d/deinstall", "linux-image-6.14.0-1012-aws 6.14.0-1012.12~24.04.1 linux-signed-aws-6.14 amd64")]
    [InlineData("var/lib/dpkg/status.d/corrupt", "")]
    [InlineData("var/lib/dpkg/status.d/empty", "")]
    [InlineData("var/lib/dpkg/status.d/single", "apt 1.8.2 apt-dev amd64")]
    public void Distroless_status_d_files(string path, string expected)
    {
        var packages = DpkgStatusParser.Parse(PkgdbCorpus.Read("syft/syft/pkg/cataloger/debian/testdata/" + path), statusRequired: false);
        Assert.Equal(expected, string.Join(",", packages.Select(p => $"{p.Name} {p.Version} {p.SourceName} {p.Architecture}")));
    }

    [Fact]
    public void Status_d_paragraph_with_source_version_in_parentheses()
    {
        var packages = DpkgStatusParser.Parse(PkgdbCorpus.Read("syft/syft/pkg/cataloger/debian/testdata/var/lib/dpkg/status.d/coreutils-relationships"), statusRequired: false);
        Assert.Equal(9, packages.Count);
        Assert.Contains(packages, p => p.SourceName == "libselinux" && p.SourceVersion == "3.4-1");
        Assert.Contains(packages, p => p.Version == "2:6.2.1+dfsg1-1.1");
    }

    [Fact]
    public void Alpine_database_skips_the_record_without_version_and_reads_origins()
    {
        var packages = ApkInstalledParser.Parse(PkgdbCorpus.Read("trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk"));
        Assert.Equal(15, packages.Count);
        Assert.DoesNotContain(packages, p => p.Name == "invalidPackageWithoutAVersion");
        var musl = Assert.Single(packages, p => p.Name == "musl");
        Assert.Equal(new InstalledPackage(PackageKind.Apk, "musl", "1.1.14-r10", "musl", "1.1.14-r10", "x86_64"), musl);
        Assert.Contains(packages, p => p.Name == "sqlite-libs" && p.SourceName == "sqlite");
    }

    [Theory]
    [InlineData("multiple-1/lib/apk/db/installed", 4, "musl 1.2.4_git20230717-r4 musl")]
    [InlineData("corrupt/lib/apk/db/installed", 1, null)]
    [InlineData("single", 1, "musl-utils 1.1.24-r2 musl")]
    [InlineData("base", 1, "alpine-baselayout 3.2.0-r6 alpine-baselayout")]
    public void Alpine_fixtures(string path, int count, string? expected)
    {
        var packages = ApkInstalledParser.Parse(PkgdbCorpus.Read("syft/syft/pkg/cataloger/alpine/testdata/" + path));
        Assert.Equal(count, packages.Count);
        if (expected != null) Assert.Contains(expected, packages.Select(p => $"{p.Name} {p.Version} {p.SourceName}"));
    }

    [Theory]
    [InlineData("syft/syft/linux/testdata/os/alpine/etc/os-release", "alpine", "3.11.6", null)]
    [InlineData("syft/syft/linux/testdata/os/ubuntu/etc/os-release", "ubuntu", "20.04", "focal")]
    [InlineData("syft/syft/linux/testdata/os/debian/from-os-release/usr/lib/os-release", "debian", "8", null)]
    [InlineData("syft/syft/linux/testdata/unprintable", "debian", "8", null)] // CRLF and an odd byte
    [InlineData("syft/syft/pkg/cataloger/debian/testdata/image-dpkg/etc/os-release", "debian", "12", "bookworm")]
    [InlineData("syft/syft/linux/testdata/os/empty/etc/os-release", null, null, null)]
    public void Os_release_fields(string path, string? id, string? versionId, string? codename)
    {
        var release = OsReleaseParser.Parse(PkgdbCorpus.Read(path));
        Assert.Equal((id, versionId, codename), (release.Id, release.VersionId, release.VersionCodename));
    }

    [Fact]
    public void Os_release_id_like_lists_the_parents()
    {
        var ubuntu = OsReleaseParser.Parse(PkgdbCorpus.Read("syft/syft/linux/testdata/os/ubuntu/etc/os-release"));
        Assert.Equal(["debian"], ubuntu.IdLike);
        Assert.Contains("LTS", ubuntu.Version);
        Assert.True(ubuntu.IsOrIsLike("debian"));
    }

    private static List<InstalledPackage> Dpkg(string path) => DpkgStatusParser.Parse(PkgdbCorpus.Read(path), statusRequired: true);
}
