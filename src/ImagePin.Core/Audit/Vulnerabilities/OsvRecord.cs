namespace ImagePin.Audit.Vulnerabilities;

/// <summary>The parts of an OSV record an audit uses.</summary>
internal sealed record OsvRecord(
    string Id,
    string? Summary,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Upstream,
    IReadOnlyList<OsvSeverity> Severity,
    bool Withdrawn,
    IReadOnlyList<OsvAffected> Affected);

/// <summary>A severity entry: a CVSS vector, or a distribution's own rating (type <c>Ubuntu</c>, score <c>medium</c>).</summary>
internal sealed record OsvSeverity(string Type, string Score);

/// <summary>
/// One <c>affected[]</c> entry with a package. <paramref name="Urgency"/> is Debian's triage
/// (<c>ecosystem_specific.urgency</c>, e.g. <c>unimportant</c>); <paramref name="Severity"/> is the
/// entry's own severity list, which OSV allows beside the record's.
/// </summary>
internal sealed record OsvAffected(
    string Ecosystem,
    string PackageName,
    IReadOnlyList<OsvRange> Ranges,
    IReadOnlyList<string> Versions,
    string? Urgency,
    IReadOnlyList<OsvSeverity> Severity);

internal sealed record OsvRange(string Type, IReadOnlyList<OsvEvent> Events);

internal enum OsvEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

internal readonly record struct OsvEvent(OsvEventKind Kind, string Version);
