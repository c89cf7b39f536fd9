using System.Text;
using ImagePin.Audit.Packages;

namespace ImagePin.Tests.Audit.Packages;

/// <summary>Format rules the fixtures do not all show: line endings, status words, quoting, limits.</summary>
public class PackageDatabaseRuleTests
{
    [Fact]
    public void Dpkg_status_with_crlf_continuations_and_case_insensitive_names()
    {
        const string text = "package: a\r\nstatus: hold ok installed\r\nversion: 1.0-1\r\nDescription: x\r\n more\r\n .\r\n\r\n"
            + "Package: b\r\nStatus: install ok half-installed\r\nVersion: 2\r\n\r\n"
            + "Package: c\r\nStatus: install ok installed\r\nVersion: 3\r\nSource: c-src (3-0)";
        var packages = DpkgStatusParser.Parse(Encoding.UTF8.GetBytes(text), statusRequired: true);
        Assert.Equal(["a 1.0-1 a 1.0-1", "c 3 c-src 3-0"], packages.Select(p => $"{p.Name} {p.Version} {p.SourceName} {p.SourceVersion}"));
    }

    [Fact]
    public void Status_file_paragraph_without_status_is_not_installed_but_status_d_one_is()
    {
        var text = "Package: a\nVersion: 1\n";
        Assert.Empty(DpkgStatusParser.Parse(text, statusRequired: true));
        Assert.Single(DpkgStatusParser.Parse(text, statusRequired: false));
    }

    [Fact]
    public void Oversized_database_is_refused_with_our_exception()
    {
        var error = Assert.Throws<PackageDatabaseException>(() => DpkgStatusParser.Parse(new byte[TextLimits.MaxBytes + 1], statusRequired: true));
        Assert.Contains("limit", error.Message);
        Assert.Throws<PackageDatabaseException>(() => OsReleaseParser.Parse(new byte[OsReleaseParser.MaxBytes + 1]));
    }

    [Fact]
    public void Apk_record_without_origin_is_its_own_source()
    {
        var packages = ApkInstalledParser.Parse("P:busybox\nV:1.36.1-r29\nA:aarch64\n\nP:libcrypto3\nV:3.3.2-r0\no:openssl\n");
        Assert.Equal(["busybox busybox aarch64", "libcrypto3 openssl "], packages.Select(p => $"{p.Name} {p.SourceName} {p.Architecture}"));
    }

    [Fact]
    public void Os_release_quoting_comments_and_escapes()
    {
        var release = OsReleaseParser.Parse("# comment\nID=\"Ubuntu\"\nVERSION_ID='22.04'\nVERSION=\"22.04.4 LTS (\\\"Jammy\\\" \\$x)\"\nID_LIKE=debian\nbogus line\nVERSION_CODENAME=jammy");
        Assert.Equal("ubuntu", release.Id);
        Assert.Equal("22.04", release.VersionId);
        Assert.Equal("22.04.4 LTS (\"Jammy\" $x)", release.Version);
        Assert.Equal("jammy", release.VersionCodename);
        Assert.Equal(["debian"], release.IdLike);
    }
}
