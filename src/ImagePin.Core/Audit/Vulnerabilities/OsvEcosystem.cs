using ImagePin.Audit.Packages;
using ImagePin.Audit.Versions;

namespace ImagePin.Audit.Vulnerabilities;

/// <summary>
/// OSV ecosystem names for distribution releases (<c>Debian:12</c>, <c>Ubuntu:22.04:LTS</c>,
/// <c>Alpine:v3.20</c>), derived from os-release: the release an image really is, which a purl's
/// namespace or qualifiers only claim.
/// </summary>
internal static class OsvEcosystem
{
    // For Debian images whose os-release has a codename but no VERSION_ID (testing snapshots, some distroless).
    private static readonly Dictionary<string, string> DebianCodenames = new(StringComparer.Ordinal)
    {
        ["jessie"] = "8", ["stretch"] = "9", ["buster"] = "10", ["bullseye"] = "11",
        ["bookworm"] = "12", ["trixie"] = "13", ["forky"] = "14",
    };

    /// <summary>The ecosystem of a Debian, Ubuntu or Alpine release; null for other or unversioned systems.</summary>
    public static string? FromOsRelease(OsRelease release) => release.Id switch
    {
        "debian" => Debian(release),
        "ubuntu" => Ubuntu(release),
        "alpine" => Alpine(release.VersionId),
        _ => null,
    };

    /// <summary>The distribution part: <c>Debian</c>, <c>Ubuntu</c> or <c>Alpine</c> (also the export folder name).</summary>
    public static string Family(string ecosystem)
    {
        var colon = ecosystem.IndexOf(':');
        return colon < 0 ? ecosystem : ecosystem[..colon];
    }

    /// <summary>How the ecosystem orders versions; null for ecosystems this audit does not handle.</summary>
    public static VersionScheme? SchemeOf(string ecosystem) => Family(ecosystem) switch
    {
        "Debian" or "Ubuntu" => VersionScheme.Dpkg,
        "Alpine" => VersionScheme.Apk,
        _ => null,
    };

    private static string? Debian(OsRelease release)
    {
        var major = MajorMinor(release.VersionId, 1);
        if (major == null && release.VersionCodename is { } codename) DebianCodenames.TryGetValue(codename, out major);
        return major == null ? null : "Debian:" + major;
    }

    // LTS releases are a separate ecosystem from interim ones. os-release's VERSION says "LTS";
    // without it, Canonical's rule decides: April releases of even years are LTS.
    private static string? Ubuntu(OsRelease release)
    {
        var version = MajorMinor(release.VersionId, 2);
        if (version == null) return null;
        var lts = release.Version?.Contains("LTS", StringComparison.Ordinal)
            ?? (version.EndsWith(".04", StringComparison.Ordinal) && int.TryParse(version[..version.IndexOf('.')], out var year) && year % 2 == 0);
        return "Ubuntu:" + version + (lts ? ":LTS" : "");
    }

    private static string? Alpine(string? versionId) => MajorMinor(versionId, 2) is { } v && v.Contains('.') ? "Alpine:v" + v : null;

    // The first `parts` numeric dot-separated parts of VERSION_ID ("3.20.3" → "3.20"; "12" → "12").
    private static string? MajorMinor(string? versionId, int parts)
    {
        if (string.IsNullOrEmpty(versionId)) return null;
        var pieces = versionId.Split('.');
        var kept = pieces.Take(parts).Select(p => new string(p.TakeWhile(char.IsAsciiDigit).ToArray())).ToList();
        if (kept.Any(p => p.Length == 0)) return kept[0].Length == 0 ? null : kept[0];
        return string.Join('.', kept);
    }
}
