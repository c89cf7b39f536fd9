using ImagePin.Audit.Packages;

namespace ImagePin.Audit.Sbom;

/// <summary>
/// What an SBOM attestation says the image holds. <see cref="ClaimedDistro"/> is the release the
/// OS packages' purls name (<c>distro=debian-12</c>, or <c>os_name</c>/<c>os_version</c>/<c>os_distro</c>):
/// a claim by the SBOM's generator, for cross-checking only; the OSV ecosystem comes from os-release.
/// <see cref="DeclaredOs"/> is the SBOM's operating-system package (<c>primaryPackagePurpose: OPERATING-SYSTEM</c>),
/// which is its generator's reading of os-release.
/// </summary>
internal sealed record SbomContents(
    string SpdxVersion,
    IReadOnlyList<InstalledPackage> OsPackages,
    OsRelease? ClaimedDistro,
    OsRelease? DeclaredOs,
    IReadOnlyDictionary<string, int> OtherPackagesByType)
{
    /// <summary>Packages that are not deb or apk (npm, pypi, golang…, or without a purl): counted, never matched.</summary>
    public int OtherPackageCount => OtherPackagesByType.Values.Sum();
}
