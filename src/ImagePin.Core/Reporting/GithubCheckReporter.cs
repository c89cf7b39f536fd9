using System.Text;
using ImagePin.Policy;
using ImagePin.Scanning;

namespace ImagePin.Reporting;

/// <summary>GitHub Actions workflow commands, so findings show as annotations on the pull request.</summary>
internal static class GithubCheckReporter
{
    /// <param name="paths">Maps report paths to repository paths, which GitHub needs to attach an annotation; identity when null.</param>
    public static void Write(ScanReport report, TextWriter output, RepositoryPaths? paths = null)
    {
        paths ??= RepositoryPaths.Identity;
        foreach (var f in report.Findings)
        {
            var command = f.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                Severity.Note => "notice",
                _ => null,
            };
            if (command is null) continue;
            output.Write($"::{command} file={Property(paths.Of(f.File))},line={f.Line},col={f.Column},endLine={f.EndLine},endColumn={f.EndColumn + 1}");
            if (f.Rule is not null) output.Write($",title={Property($"{f.Rule.Id} {f.Rule.Name}")}");
            output.Write("::");
            output.Write(Data(f.Message));
            output.Write('\n');
        }
        foreach (var e in report.Errors)
        {
            output.Write($"::error file={Property(paths.Of(e.File))}");
            if (e.Line is { } line) output.Write($",line={line}");
            if (e.Column is { } col) output.Write($",col={col}");
            output.Write("::");
            output.Write(Data(e.Message));
            output.Write('\n');
        }
    }

    // Escaping rules of the workflow-command format: data escapes %, CR, LF; properties also ':' and ','.
    internal static string Data(string s) => new StringBuilder(s)
        .Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A").ToString();

    internal static string Property(string s) => new StringBuilder(Data(s))
        .Replace(":", "%3A").Replace(",", "%2C").ToString();
}
