using System.Text;
using ImagePin.Audit.Images;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Freshness;

namespace ImagePin.Reporting;

/// <summary>
/// audit as text: per pinned image and platform one quickview line (counts by severity, what <c>update</c> would
/// change, staleness), with <c>--details</c> a table of its findings; errors as <c>file:line:col: error:</c> lines.
/// </summary>
internal static class AuditTextReporter
{
    public const string CoverageNote =
        "note: only OS packages (dpkg, apk) are audited; runtimes and libraries installed outside the package manager " +
        "(CPython in python:*, Node.js in node:*, pip/npm/Go/Java dependencies, binaries copied in) are not covered";

    public static void Write(AuditReport report, TextWriter output, bool details)
    {
        foreach (var pin in report.Pins)
            foreach (var platform in pin.Platforms)
            {
                output.Write(QuickView(pin, platform, report.Now) + "\n");
                foreach (var note in platform.Notes.Concat(platform.Pinned.Inventory.Notes).Distinct(StringComparer.Ordinal))
                    output.Write($"  note: {note}\n");
                if (details) WriteTable(platform, output);
            }
        foreach (var pin in report.Pins.Where(p => p.Platforms.Count == 0))
            output.Write($"{Place(pin)}: {pin.Pin}: nothing audited: {string.Join("; ", pin.Read.Notes)}\n");
        foreach (var e in report.Errors)
            output.Write($"{e.File}:{e.Line ?? 1}:{e.Column ?? 1}: error: {e.Message}\n");
        foreach (var note in report.Notes) output.Write($"note: {note}\n");
        if (report.Pins.Count > 0) output.Write(CoverageNote + "\n");
        else if (report.Errors.Count == 0) output.Write("no pinned references to audit (run `imagepin pin` first)\n");
    }

    /// <summary>
    /// "Dockerfile:1:6: example/app:1@sha256:0123456789ab linux/amd64 (Debian:12, sbom): 2 critical, 1 high, 0 medium,
    /// 0 low, 4 unknown; update remediates 3 (−2 critical −1 unknown), adds 0; pinned image 40d old, tag moved 12d newer".
    /// </summary>
    public static string QuickView(AuditedPin pin, PlatformAudit platform, DateTimeOffset now)
    {
        var inventory = platform.Pinned.Inventory;
        var line = new StringBuilder();
        line.Append($"{Place(pin)}: {Short(pin)} {platform.Platform} ({platform.Pinned.Ecosystem ?? "unknown release"}, {Source(inventory)}): ");
        line.Append(string.Join(", ", platform.Pinned.Counts.Named.Select(c => $"{c.Count} {c.Name}")));
        line.Append("; ").Append(Delta(pin, platform));
        line.Append("; ").Append(Staleness(pin, now));
        return line.ToString();
    }

    private static string Delta(AuditedPin pin, PlatformAudit platform)
    {
        if (pin.Pin.Tag is null) return "digest-only pin: no tag to compare";
        if (pin.Read.CurrentDigest == pin.Pin.Digest) return "tag still points here";
        if (platform.Current is null) return "tag moved, but has no image for this platform";
        var removed = SeverityCounts.Of(platform.Remediated);
        var added = SeverityCounts.Of(platform.Introduced);
        var text = $"update remediates {platform.Remediated.Count}";
        if (removed.Total > 0) text += " (" + string.Join(" ", removed.Named.Where(c => c.Count > 0).Select(c => $"\u2212{c.Count} {c.Name}")) + ")";
        text += $", adds {platform.Introduced.Count}";
        if (added.Total > 0) text += " (" + string.Join(" ", added.Named.Where(c => c.Count > 0).Select(c => $"+{c.Count} {c.Name}")) + ")";
        return text;
    }

    public static string Staleness(AuditedPin pin, DateTimeOffset now)
    {
        var pinned = pin.Read.PinnedCreated.Created;
        var text = pinned is { } p ? $"pinned image {Durations.Format(now - p)} old" : "pinned image age unknown";
        if (pin.Pin.Tag is null || pin.Read.CurrentDigest == pin.Pin.Digest) return text;
        return pin.Read.CurrentCreated.Created is { } c
            ? text + $", a newer digest exists since {Durations.Format(now - c)}"
            : text + ", the tag has a newer digest (its age is unknown)";
    }

    private static string Source(ImageInventoryResult inventory) => inventory.Source == InventorySource.Sbom
        ? inventory.OtherPackages > 0 ? $"sbom; {inventory.OtherPackages} non-OS packages not audited" : "sbom"
        : "layers";

    private static string Place(AuditedPin pin)
    {
        var first = pin.Places[0];
        return $"{first.File}:{first.Line}:{first.Column}";
    }

    /// <summary>The pin with its digest shortened to 12 hex digits.</summary>
    private static string Short(AuditedPin pin)
    {
        var key = pin.Pin;
        var digest = key.Digest!;
        var colon = digest.IndexOf(':');
        var shortDigest = digest.Length > colon + 13 ? digest[..(colon + 13)] : digest;
        return $"{key.Registry}/{key.Repository}{(key.Tag is null ? "" : ":" + key.Tag)}@{shortDigest}";
    }

    private static void WriteTable(PlatformAudit platform, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "package", "installed", "fixed in", "vulnerability", "severity", "status", "update" } };
        foreach (var f in platform.Pinned.Findings)
            rows.Add([Package(f), f.SourceVersion, f.Advisory.FixedVersion ?? "-", Id(f), SeverityRating.Name(f.Severity), StatusName(f.Advisory.Status),
                platform.Current is null ? "-" : platform.IsRemediated(f) ? "fixes" : "keeps"]);
        foreach (var f in platform.Introduced)
            rows.Add([Package(f), platform.Current!.Inventory.Packages.FirstOrDefault(p => p.SourceName == f.SourceName)?.SourceVersion ?? f.SourceVersion,
                f.Advisory.FixedVersion ?? "-", Id(f), SeverityRating.Name(f.Severity), StatusName(f.Advisory.Status), "adds"]);
        if (rows.Count == 1) return;
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            output.Write("  " + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd() + "\n");
    }

    private static string Package(AuditFinding f) =>
        f.Binaries.Count == 1 && f.Binaries[0].Name == f.SourceName ? f.SourceName : $"{f.SourceName} ({string.Join(", ", f.Binaries.Select(b => b.Name).Distinct())})";

    private static string Id(AuditFinding f)
    {
        var cve = f.Advisory.Aliases.FirstOrDefault(a => a.StartsWith("CVE-", StringComparison.Ordinal));
        return cve is null || cve == f.Advisory.Id ? f.Advisory.Id : $"{f.Advisory.Id} ({cve})";
    }

    public static string StatusName(FindingStatus status) => status switch
    {
        FindingStatus.Fixed => "fixed",
        FindingStatus.Unimportant => "unimportant",
        _ => "unfixed",
    };
}
