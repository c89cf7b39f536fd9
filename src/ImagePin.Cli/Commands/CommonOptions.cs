using System.CommandLine;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary>Options several commands share, so they are spelled and documented the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Files or folders to scan (default: the current folder). A file named here is always read as a Dockerfile.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<ReportFormat> Format() => new("--format", "-f")
    {
        Description = "Output format: text, json, sarif or github (workflow commands).",
        DefaultValueFactory = _ => ReportFormat.Text,
        CustomParser = r =>
        {
            var value = r.Tokens.Count > 0 ? r.Tokens[0].Value : "text";
            if (Enum.TryParse<ReportFormat>(value, ignoreCase: true, out var f) && !int.TryParse(value, out _)) return f;
            r.AddError($"unknown format '{value}': use text, json, sarif or github");
            return ReportFormat.Text;
        },
    };

    public static Option<string[]> BuildArgs() => new("--build-arg")
    {
        Description = "Set a build argument as `docker build --build-arg NAME=VALUE` does (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<bool> IncludeIgnored() => new("--include-ignored")
    {
        Description = "Also scan files that .gitignore ignores.",
    };

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    /// <summary>Parses NAME=VALUE pairs; a bare NAME takes its value from the environment, as docker build does.</summary>
    public static bool TryParseBuildArgs(IEnumerable<string> raw, out Dictionary<string, string> args, out string? error)
    {
        args = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var item in raw)
        {
            var eq = item.IndexOf('=');
            var name = eq < 0 ? item : item[..eq];
            if (name.Length == 0)
            {
                error = $"--build-arg '{item}': expected NAME=VALUE";
                return false;
            }
            if (eq >= 0) args[name] = item[(eq + 1)..];
            else if (Environment.GetEnvironmentVariable(name) is { } fromEnv) args[name] = fromEnv;
        }
        return true;
    }
}
