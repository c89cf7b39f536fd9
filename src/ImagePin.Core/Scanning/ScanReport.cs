using ImagePin.Policy;
using ImagePin.Sources;

namespace ImagePin.Scanning;

/// <summary>Everything a scan (and verify, which refines it) found, in file order: what check and verify report.</summary>
public sealed record ScanReport(IReadOnlyList<Finding> Findings, IReadOnlyList<FileError> Errors, IReadOnlyList<string> Notes, int FilesScanned)
{
    public bool HasErrors => Errors.Count > 0 || Findings.Any(f => f.Severity == Severity.Error);
}
