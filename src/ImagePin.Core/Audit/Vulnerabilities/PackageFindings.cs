using ImagePin.Audit.Packages;

namespace ImagePin.Audit.Vulnerabilities;

/// <summary>The findings for one source package at one version, and the installed binaries built from it.</summary>
internal sealed record PackageFindings(string SourceName, string SourceVersion, IReadOnlyList<InstalledPackage> Binaries, IReadOnlyList<Finding> Findings);
