namespace ImagePin.Audit.Packages;

/// <summary>Which package manager installed a package; it decides how its versions order.</summary>
internal enum PackageKind
{
    Deb,
    Apk,
}

/// <summary>
/// One installed OS package. Advisories name source packages (Debian's <c>openssl</c>, Alpine's
/// origin), so the source name and version are always filled: with the binary's own when the
/// database names no other.
/// </summary>
internal sealed record InstalledPackage(
    PackageKind Kind,
    string Name,
    string Version,
    string SourceName,
    string SourceVersion,
    string? Architecture);
