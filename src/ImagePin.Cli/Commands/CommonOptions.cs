using System.CommandLine;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary>Options several commands share, so they are spelled and documented the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Files or folders to scan (default: the current folder). A file named here is read by its name or content, as a Dockerfile when neither says otherwise.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <param name="allowed">The formats this command writes, lowercase; the first is the default.</param>
    public static Option<ReportFormat> Format(params string[] allowed)
    {
        if (allowed.Length == 0) allowed = ["text", "json", "sarif", "github"];
        var option = new Option<ReportFormat>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", allowed) + ".",
            HelpName = string.Join("|", allowed),
            DefaultValueFactory = _ => Enum.Parse<ReportFormat>(allowed[0], ignoreCase: true),
            CustomParser = r =>
            {
                var value = r.Tokens.Count > 0 ? r.Tokens[0].Value : allowed[0];
                if (allowed.Contains(value, StringComparer.OrdinalIgnoreCase)) return Enum.Parse<ReportFormat>(value, ignoreCase: true);
                r.AddError($"unknown format '{value}': use {string.Join(", ", allowed)}");
                return ReportFormat.Text;
            },
        };
        // Completion offers the values as they are written, not the enum's names.
        option.CompletionSources.Clear();
        option.CompletionSources.Add(allowed);
        return option;
    }

    public static Option<string[]> BuildArgs() => new("--build-arg")
    {
        Description = "Set a build argument as `docker build --build-arg NAME=VALUE` does (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string[]> Exclude() => new("--exclude")
    {
        Description = "Leave out paths matching this glob when walking folders (repeatable), e.g. 'vendor/**', '**/testdata/**', 'Dockerfile.*'. A pattern without '/' matches names at any depth. Files named on the command line are always read.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string[]> IgnoreRules() => new("--ignore")
    {
        Description = "Do not report this rule (id or name, e.g. IP004 or digest-without-tag; repeatable). Its findings are still listed in JSON, with severity none.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<ImagePin.Policy.Severity> FailLevel()
    {
        var option = new Option<ImagePin.Policy.Severity>("--fail-level")
        {
        Description = "Exit 1 when a finding has this severity or worse: error (default), warning or note.",
        HelpName = "error|warning|note",
        DefaultValueFactory = _ => ImagePin.Policy.Severity.Error,
        CustomParser = r =>
        {
            var value = r.Tokens.Count > 0 ? r.Tokens[0].Value : "error";
            switch (value.ToLowerInvariant())
            {
                case "error": return ImagePin.Policy.Severity.Error;
                case "warning": return ImagePin.Policy.Severity.Warning;
                case "note": return ImagePin.Policy.Severity.Note;
                default:
                    r.AddError($"--fail-level '{value}': use error, warning or note");
                    return ImagePin.Policy.Severity.Error;
            }
        },
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add("error", "warning", "note");
        return option;
    }

    public static Option<string[]> Env() => new("--env")
    {
        Description = "Set a variable for Compose interpolation (${NAME}), as the shell's environment does for docker compose; wins over .env (repeatable).",
        HelpName = "NAME=VALUE",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<bool> IncludeIgnored() => new("--include-ignored")
    {
        Description = "Also scan files that .gitignore ignores.",
    };

    public static Option<string?> Platforms(string description) => new("--platforms") { Description = description, HelpName = "os/arch[,os/arch…]" };

    public static Option<bool> DryRun() => new("--dry-run") { Description = "Print a unified diff of the changes and write nothing." };

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    public static Option<string?> Config() => new("--config")
    {
        Description = "Settings file (default: .imagepin.yaml in the scanned folder or the nearest one above it, up to the repository root).",
    };

    /// <summary>
    /// The settings file given with --config, else the nearest one above the scanned paths (the current folder when
    /// none is given). Paths that find different files are a usage error: one run has one set of settings.
    /// </summary>
    /// <returns>An error message (exit 2) when the file is missing or invalid, else null.</returns>
    public static string? TryLoadConfig(ParseResult parse, Option<string?> option, Console.Terminal terminal, IReadOnlyList<string> scannedPaths, out ImagePin.Configuration.ImagepinConfig config)
    {
        config = ImagePin.Configuration.ImagepinConfig.Empty;
        var given = parse.GetValue(option);
        string? path;
        if (given is not null) path = Path.GetFullPath(given, terminal.WorkingDirectory);
        else
        {
            // One lookup per folder, and each folder looked at once: naming thousands of files must not climb each time.
            var known = new Dictionary<string, string?>(StringComparer.Ordinal);
            var found = (scannedPaths.Count == 0 ? ["."] : scannedPaths)
                .Where(p => p != Discovery.DiscoveredFile.StandardInput)
                .Select(p => Path.GetFullPath(p, terminal.WorkingDirectory))
                .Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(p) ?? p)
                .Distinct(StringComparer.Ordinal)
                .Select(folder => ImagePin.Configuration.ConfigLoader.Find(folder, known))
                .Distinct().ToList();
            if (found.Count == 0) found.Add(ImagePin.Configuration.ConfigLoader.Find(terminal.WorkingDirectory));
            if (found.Count > 1)
                return $"the scanned paths have different settings files ({string.Join(", ", found.Select(f => f ?? "none"))}); scan them in separate runs or choose one with --config";
            path = found[0];
        }
        if (path is null) return null;
        if (!File.Exists(path)) return $"--config: no such file: {given}";
        var display = Path.GetRelativePath(terminal.WorkingDirectory, path).Replace('\\', '/');
        try
        {
            config = ImagePin.Configuration.ConfigLoader.Load(path, display);
            return null;
        }
        catch (ImagePin.Configuration.ConfigException e)
        {
            return e.Message;
        }
    }

    /// <summary>Parses NAME=VALUE pairs; a bare NAME takes its value from the environment, as docker build does.</summary>
    /// <param name="option">The option's name, for the message.</param>
    public static bool TryParseAssignments(string option, IEnumerable<string> raw, out Dictionary<string, string> args, out string? error)
    {
        args = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var item in raw)
        {
            var eq = item.IndexOf('=');
            var name = eq < 0 ? item : item[..eq];
            if (name.Length == 0)
            {
                error = $"{option} '{item}': expected NAME=VALUE";
                return false;
            }
            if (eq >= 0) args[name] = item[(eq + 1)..];
            else if (Environment.GetEnvironmentVariable(name) is { } fromEnv) args[name] = fromEnv;
        }
        return true;
    }
}
