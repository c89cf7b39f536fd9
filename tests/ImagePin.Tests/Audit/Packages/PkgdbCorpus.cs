using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Audit.Packages;

/// <summary>The pkgdb fixtures (listed in pkgdb/MANIFEST.tsv) and the role each plays in an image.</summary>
internal static class PkgdbCorpus
{
    public enum Role { DpkgStatus, DpkgStatusD, ApkInstalled, OsRelease, Other }

    /// <summary>Every fixture as (path under pkgdb/, role), from the manifest so none is missed.</summary>
    public static List<(string Path, Role Role)> All() =>
        File.ReadAllLines(SharedCorpus.PathOf("pkgdb", "MANIFEST.tsv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => (Path: (f[0] == "anchore/syft" ? "syft/" : "trivy/") + f[2], Role: RoleOf(f[2])))
            .ToList();

    public static byte[] Read(string path) => File.ReadAllBytes(SharedCorpus.PathOf(["pkgdb", .. path.Split('/')]));

    private static Role RoleOf(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (path.Contains("/dpkg/status.d/", StringComparison.Ordinal)) return name.EndsWith(".md5sums", StringComparison.Ordinal) ? Role.Other : Role.DpkgStatusD;
        if (path.EndsWith("var/lib/dpkg/status", StringComparison.Ordinal)) return Role.DpkgStatus;
        if (path.Contains("analyzer/pkg/dpkg/testdata/", StringComparison.Ordinal)) return name.EndsWith(".md5sums", StringComparison.Ordinal) ? Role.Other : Role.DpkgStatus;
        if (path.EndsWith("apk/db/installed", StringComparison.Ordinal) || path.Contains("analyzer/pkg/apk/testdata/", StringComparison.Ordinal)) return Role.ApkInstalled;
        if (path.Contains("cataloger/alpine/testdata/", StringComparison.Ordinal)) return Role.ApkInstalled;
        if (name == "os-release" || path.Contains("os/release/testdata/", StringComparison.Ordinal)) return Role.OsRelease;
        if (path.Contains("syft/linux/testdata/", StringComparison.Ordinal) && !path.Contains("/etc/", StringComparison.Ordinal)) return Role.OsRelease;
        return Role.Other;
    }
}
