using ImagePin.Audit.Images;
using ImagePin.Policy;
using ImagePin.Scanning;

namespace ImagePin.Reporting;

/// <summary>
/// audit for SARIF and GitHub annotations: one IP011 result per place in the files that names a vulnerable pin,
/// located at the pin; an error when its findings meet <c>--fail-on</c>, else a warning.
/// </summary>
internal static class AuditFindings
{
    public static ScanReport ToScanReport(AuditReport report, FailOn? failOn)
    {
        var findings = new List<Finding>();
        foreach (var pin in report.Pins)
        {
            var vulnerable = pin.Platforms.Where(p => p.Pinned.Findings.Count > 0).ToList();
            if (vulnerable.Count == 0) continue;
            var failing = failOn is not null && pin.Findings.Any(f => failOn.Counts(pin, f));
            var summary = string.Join("; ", vulnerable.Select(p => Summary(pin, p, report.Now)));
            foreach (var place in pin.Places)
                findings.Add(place with
                {
                    Rule = Rules.VulnerableImage,
                    Severity = failing ? Severity.Error : Severity.Warning,
                    Message = $"'{place.Text}': {summary}",
                });
        }
        return new ScanReport(findings, report.Errors, report.Notes, report.FilesScanned);
    }

    // The quickview without its location: "linux/amd64 (Debian:12, sbom): 2 critical, …; update remediates 2 (…); pinned image 40d old".
    private static string Summary(AuditedPin pin, PlatformAudit platform, DateTimeOffset now)
    {
        var line = AuditTextReporter.QuickView(pin, platform, now);
        var image = line.IndexOf(' ', line.IndexOf(": ", StringComparison.Ordinal) + 2);
        return line[(image + 1)..];
    }
}
