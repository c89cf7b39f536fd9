using ImagePin.Audit.Packages;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Registry.Oci;

namespace ImagePin.Audit.Images;

/// <summary>One advisory affecting one source package of an image, rated.</summary>
internal sealed record AuditFinding(string SourceName, string SourceVersion, IReadOnlyList<InstalledPackage> Binaries, Finding Advisory, AdvisorySeverity Severity)
{
    /// <summary>The record's id and every alias: two findings are the same issue when these overlap for the same source package.</summary>
    public IEnumerable<string> Ids => Advisory.Aliases.Prepend(Advisory.Id);

    public bool SameIssueAs(AuditFinding other) =>
        string.Equals(SourceName, other.SourceName, StringComparison.Ordinal) && Ids.Intersect(other.Ids, StringComparer.Ordinal).Any();
}

/// <summary>Findings counted by severity.</summary>
internal sealed record SeverityCounts(int Critical, int High, int Medium, int Low, int Unknown)
{
    public int Total => Critical + High + Medium + Low + Unknown;

    public static SeverityCounts Of(IEnumerable<AuditFinding> findings)
    {
        var list = findings.ToList();
        int Count(AdvisorySeverity s) => list.Count(f => f.Severity == s);
        return new(Count(AdvisorySeverity.Critical), Count(AdvisorySeverity.High), Count(AdvisorySeverity.Medium), Count(AdvisorySeverity.Low), Count(AdvisorySeverity.Unknown));
    }

    /// <summary>(name, count) from critical down to unknown.</summary>
    public IEnumerable<(string Name, int Count)> Named =>
        [("critical", Critical), ("high", High), ("medium", Medium), ("low", Low), ("unknown", Unknown)];
}

/// <summary>One image's inventory and findings; <paramref name="Ecosystem"/> is null when its release is not one the OSV data covers.</summary>
internal sealed record ImageFindings(ImageInventoryResult Inventory, string? Ecosystem, IReadOnlyList<AuditFinding> Findings)
{
    public SeverityCounts Counts => SeverityCounts.Of(Findings);
}

/// <summary>
/// One platform of a pin, audited: the pinned image's findings, the tag's current image's findings (null when the
/// tag has not moved, or for a digest-only pin), what <c>update</c> would remove (<paramref name="Remediated"/>:
/// pinned findings the current image no longer has) and what it would bring (<paramref name="Introduced"/>).
/// </summary>
internal sealed record PlatformAudit(
    Platform Platform,
    ImageFindings Pinned,
    ImageFindings? Current,
    IReadOnlyList<AuditFinding> Remediated,
    IReadOnlyList<AuditFinding> Introduced,
    IReadOnlyList<string> Notes)
{
    public bool IsRemediated(AuditFinding finding) => Remediated.Contains(finding);
}

/// <summary>Turns inventories into findings and the update delta, against one loaded OSV database.</summary>
internal static class AuditMatcher
{
    /// <param name="includeUnimportant">Keep findings the distribution rates unimportant/negligible (hidden by default).</param>
    public static PlatformAudit Audit(PlatformInventories platform, OsvDatabase database, bool includeUnimportant)
    {
        var notes = platform.Notes.ToList();
        var pinned = Match(platform.Pinned!, database, includeUnimportant, notes);
        if (platform.Current is null) return new PlatformAudit(platform.Platform, pinned, null, [], [], notes);
        var current = Match(platform.Current, database, includeUnimportant, notes);
        var remediated = pinned.Findings.Where(f => !current.Findings.Any(f.SameIssueAs)).ToList();
        var introduced = current.Findings.Where(f => !pinned.Findings.Any(f.SameIssueAs)).ToList();
        return new PlatformAudit(platform.Platform, pinned, current, remediated, introduced, notes);
    }

    private static ImageFindings Match(ImageInventoryResult inventory, OsvDatabase database, bool includeUnimportant, List<string> notes)
    {
        var ecosystem = inventory.Ecosystem;
        if (ecosystem is null)
        {
            if (inventory.Release is { } release)
                notes.Add($"release {release.PrettyName ?? release.Id ?? "(unnamed)"} is not Debian, Ubuntu or Alpine: its packages are not matched");
            return new ImageFindings(inventory, null, []);
        }
        var findings = VulnerabilityMatcher.MatchPackages(database, ecosystem, inventory.Packages)
            .SelectMany(p => p.Findings.Select(f => new AuditFinding(p.SourceName, p.SourceVersion, p.Binaries, f, SeverityRating.Of(f.Severity))))
            .Where(f => includeUnimportant || f.Advisory.Status != FindingStatus.Unimportant)
            .OrderByDescending(f => f.Severity).ThenBy(f => f.SourceName, StringComparer.Ordinal).ThenBy(f => f.Advisory.Id, StringComparer.Ordinal)
            .ToList();
        return new ImageFindings(inventory, ecosystem, findings);
    }
}
