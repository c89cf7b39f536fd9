using ImagePin.Policy;
using ImagePin.Scanning;

namespace ImagePin.Reporting;

/// <summary>
/// Compiler-style lines (<c>path:line:col: severity: message</c>) on the output and a one-line summary on
/// <c>summary</c> (standard error, so it stays out of files and pipes). Prints nothing at all when there is
/// nothing to act on, so pre-commit stays quiet.
/// </summary>
internal static class TextCheckReporter
{
    public static void Write(ScanReport report, TextWriter output, TextWriter summary, bool color)
    {
        int errors = 0, warnings = 0, notes = 0;
        foreach (var f in report.Findings)
        {
            if (f.Severity == Severity.None) continue;
            switch (f.Severity)
            {
                case Severity.Error: errors++; break;
                case Severity.Warning: warnings++; break;
                default: notes++; break;
            }
            var rule = f.Rule is null ? "" : $" [{f.Rule.Id} {f.Rule.Name}]";
            output.Write($"{f.File}:{f.Line}:{f.Column}: {Paint(f.Severity.Name(), f.Severity, color)}: {f.Message}{rule}\n");
        }
        foreach (var w in report.Warnings)
        {
            warnings++;
            output.Write($"{Where(w)}: {Paint("warning", Severity.Warning, color)}: {w.Message}\n");
        }
        foreach (var e in report.Errors)
        {
            errors++;
            output.Write($"{Where(e)}: {Paint("error", Severity.Error, color)}: {e.Message}\n");
        }
        if (errors + warnings + notes == 0) return;
        var skipped = report.Notes.Count == 0 ? "" : $" ({report.Notes.Count} skipped)";
        summary.Write($"{report.FilesScanned} {ReportParts.Plural(report.FilesScanned, "file")} checked{skipped}: {errors} {ReportParts.Plural(errors, "error")}, {warnings} {ReportParts.Plural(warnings, "warning")}, {notes} {ReportParts.Plural(notes, "note")}\n");
    }


    private static string Where(Sources.FileError e) => e.Line is { } l ? $"{e.File}:{l}:{e.Column ?? 1}" : e.File;

    private static string Paint(string text, Severity severity, bool color)
    {
        if (!color) return text;
        var code = severity switch { Severity.Error => "31", Severity.Warning => "33", _ => "36" };
        return $"\u001b[1;{code}m{text}\u001b[0m";
    }
}
