using ImagePin.Audit.Packages;

namespace ImagePin.Audit.Sbom;

/// <summary>
/// The release a deb/apk purl names, in the two qualifier dialects seen in image SBOMs:
/// syft/Trivy <c>distro=debian-12</c>, <c>distro=alpine-3.20.3</c> (Trivy's apk: <c>distro=3.20.3</c>),
/// and Docker Scout's <c>os_name=debian&amp;os_version=12&amp;os_distro=bookworm</c>.
/// </summary>
internal static class PurlDistro
{
    public static OsRelease? From(PackageUrl purl)
    {
        if (purl.Qualifier("os_name") is { } osName)
            return Release(osName, purl.Qualifier("os_version"), purl.Qualifier("os_distro"));
        if (purl.Qualifier("distro") is not { } distro) return null;
        // "debian-12", "ubuntu-22.04", "alpine-3.20.3"; a bare version takes the id from the namespace.
        var dash = distro.LastIndexOf('-');
        if (dash > 0 && char.IsAsciiDigit(distro[^1]) && char.IsAsciiDigit(distro[dash + 1]))
            return Release(distro[..dash], distro[(dash + 1)..], null);
        if (char.IsAsciiDigit(distro[0]) && purl.Namespace is { } ns)
            return Release(ns, distro, null);
        return Release(purl.Namespace ?? distro, null, char.IsAsciiLetter(distro[0]) ? distro : null); // "distro=jammy": a codename
    }

    /// <summary>An SBOM's operating-system package: its name is os-release's ID, its version VERSION_ID.</summary>
    public static OsRelease Declared(string id, string? versionId) => Release(id, string.IsNullOrWhiteSpace(versionId) || versionId == "NOASSERTION" ? null : versionId, null);

    private static OsRelease Release(string id, string? versionId, string? codename) =>
        new(id.ToLowerInvariant(), versionId, codename, [], null, null);
}
