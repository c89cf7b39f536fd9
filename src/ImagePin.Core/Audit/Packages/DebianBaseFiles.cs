using System.Text.RegularExpressions;

namespace ImagePin.Audit.Packages;

/// <summary>
/// The Debian release named by the dpkg database: Debian's <c>base-files</c> package ships <c>/usr/lib/os-release</c>,
/// and its version's major number is that file's <c>VERSION_ID</c> (<c>12.4+deb12u5</c> → 12, <c>11.1+deb11u9</c> → 11).
/// Only Debian's own version shapes count (<c>N.M</c>, optionally <c>+debNuK</c> with the same N), so Ubuntu
/// (<c>12ubuntu4.6</c>), Devuan (<c>12.4devuan3</c>), Raspbian (<c>12.4+rpi1</c>) and other derivatives do not.
/// It lets the layer reader stop at the top-most dpkg database instead of streaming every layer below it to the
/// base layer's os-release; os-release is still preferred whenever it is seen first.
/// </summary>
internal static partial class DebianBaseFiles
{
    /// <returns>The release as os-release would say it, or null when the status names no Debian release.</returns>
    public static OsRelease? Release(IEnumerable<InstalledPackage> packages)
    {
        var baseFiles = packages.FirstOrDefault(p => p.Kind == PackageKind.Deb && p.Name == "base-files");
        if (baseFiles is null) return null;
        var match = DebianVersion().Match(baseFiles.Version);
        if (!match.Success || (match.Groups["deb"].Success && match.Groups["deb"].Value != match.Groups["major"].Value)) return null;
        var major = match.Groups["major"].Value;
        return new OsRelease("debian", major, null, [], major, $"Debian GNU/Linux {major} (from base-files {baseFiles.Version})");
    }

    /// <summary>Whether a dpkg status file names a Debian release through base-files (parsed only when it mentions it).</summary>
    public static bool NamesRelease(byte[] status)
    {
        if (status.AsSpan().IndexOf("Package: base-files\n"u8) < 0) return false;
        try
        {
            return Release(DpkgStatusParser.Parse(status, statusRequired: true)) is not null;
        }
        catch (PackageDatabaseException)
        {
            return false; // the inventory reports it; here it only means "keep reading"
        }
    }

    [GeneratedRegex(@"^(?<major>[1-9][0-9]?)(\.[0-9]+)*(\+deb(?<deb>[0-9]+)u[0-9]+)?$")]
    private static partial Regex DebianVersion();
}
