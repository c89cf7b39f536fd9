using System.Text.RegularExpressions;

namespace ImagePin.Audit.Packages;

/// <summary>
/// The release named by the installed package that ships os-release: Debian's <c>base-files</c>
/// (<c>/usr/lib/os-release</c>, see <see cref="DebianBaseFiles"/>) and Alpine's <c>alpine-release</c>
/// (<c>/etc/os-release</c>, whose VERSION_ID is the package's version without its <c>-rN</c> revision).
/// Ubuntu's base-files versions (<c>13ubuntu10.1</c>) do not spell the release, so Ubuntu is not named here.
/// </summary>
internal static partial class OsReleaseOwner
{
    /// <returns>The release and the package it came from (<c>base-files</c> or <c>alpine-release</c>), or null.</returns>
    public static (OsRelease Release, string Source)? FromPackages(IReadOnlyList<InstalledPackage> packages)
    {
        if (DebianBaseFiles.Release(packages) is { } debian) return (debian, "base-files");
        var alpine = packages.FirstOrDefault(p => p.Kind == PackageKind.Apk && p.Name == "alpine-release");
        if (alpine is not null && AlpineVersion().Match(alpine.Version) is { Success: true } match)
        {
            var version = match.Groups["version"].Value;
            return (new OsRelease("alpine", version, null, [], null, $"Alpine Linux v{version} (from alpine-release {alpine.Version})"), "alpine-release");
        }
        return null;
    }

    [GeneratedRegex(@"^(?<version>[0-9]+\.[0-9]+(?:\.[0-9]+)?)(?:_[a-z]+[0-9]*)?-r[0-9]+$")]
    private static partial Regex AlpineVersion();
}
