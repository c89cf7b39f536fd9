using ImagePin.Policy;
using ImagePin.Sources;

namespace ImagePin.Scanning;

/// <summary>Everything a scan (and verify, which refines it) found, in file order: what check and verify report.</summary>
public sealed record ScanReport(IReadOnlyList<Finding> Findings, IReadOnlyList<FileError> Errors, IReadOnlyList<string> Notes, int FilesScanned)
{
    /// <summary>Located problems that are not about one reference and do not stop a file (an unknown <c>imagepin:</c> directive).</summary>
    public IReadOnlyList<FileError> Warnings { get; init; } = [];

    public bool HasErrors => Fails(Severity.Error);

    /// <summary>Whether the run fails at <paramref name="level"/> (<c>--fail-level</c>): a file error, or a finding that severe or worse.</summary>
    public bool Fails(Severity level) =>
        Errors.Count > 0 || (Warnings.Count > 0 && level <= Severity.Warning) || Findings.Any(f => f.Severity != Severity.None && f.Severity >= level);
}
