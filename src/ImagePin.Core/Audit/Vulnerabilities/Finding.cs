namespace ImagePin.Audit.Vulnerabilities;

/// <summary>Whether the distribution has shipped a fix for this release, or judged the issue not worth one.</summary>
internal enum FindingStatus
{
    /// <summary>A fixed version exists for this release: upgrading removes the finding.</summary>
    Fixed,

    /// <summary>No fix for this release yet.</summary>
    Unfixed,

    /// <summary>No fix, and the distribution rates it Debian <c>unimportant</c> / Ubuntu <c>negligible</c>.</summary>
    Unimportant,
}

/// <summary>
/// One advisory that affects an installed source package. <see cref="Aliases"/> holds the record's
/// aliases then its upstream ids (Debian and Ubuntu records name their CVEs in <c>upstream</c>).
/// </summary>
internal sealed record Finding(
    string Id,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<OsvSeverity> Severity,
    string? FixedVersion,
    FindingStatus Status,
    string? Summary);
