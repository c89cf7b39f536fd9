using System.CommandLine;
using System.Text;
using ImagePin.Cli.Console;
using ImagePin.Configuration;
using ImagePin.Freshness;
using ImagePin.Policy;
using ImagePin.Registry.Oci;

namespace ImagePin.Cli.Commands;

/// <summary>
/// <c>imagepin config [PATH]</c>: the settings a command run on PATH would use, as YAML, each value with a comment
/// saying where it came from (the settings file's line, an option, or the default). The options that override the
/// file are accepted here too, so a command line can be checked before it runs.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create(Terminal terminal)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders a command would scan (default: the current folder); their settings file is the one shown.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var config = CommonOptions.Config();
        var platforms = CommonOptions.Platforms("As update, verify and audit take it: shows it overriding the file's platforms.");
        var minAge = new Option<string?>("--min-age") { Description = "As update takes it: shows it overriding update.min-age." };
        var maxAge = new Option<string?>("--max-age") { Description = "As verify takes it: shows it overriding verify.max-age." };
        var insecure = new Option<string[]>("--insecure-registry") { Description = "As the registry commands take it: added to registries.insecure.", Arity = ArgumentArity.OneOrMore };
        var caFile = new Option<string?>("--ca-file") { Description = "As the registry commands take it: shows it overriding registries.ca-file." };
        var ignore = CommonOptions.IgnoreRules();
        var exclude = CommonOptions.Exclude();
        var command = new Command("config", "Print the effective settings for PATH as YAML: the settings file in use and where each value came from (file:line, option or default).");
        command.Arguments.Add(paths);
        foreach (var option in new Option[] { config, platforms, minAge, maxAge, insecure, caFile, ignore, exclude }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var scanned = parse.GetValue(paths) ?? [];
            foreach (var p in scanned)
                if (p != Discovery.DiscoveredFile.StandardInput && !Path.Exists(Path.GetFullPath(p, terminal.WorkingDirectory)))
                    return Usage.Fail(terminal, $"no such file or folder: {p}");
            if (CommonOptions.TryLoadConfig(parse, config, terminal, scanned, out var settings) is { } error) return Usage.Fail(terminal, error);
            var file = settings.Path is null ? null : Path.GetRelativePath(terminal.WorkingDirectory, settings.Path).Replace('\\', '/');
            var view = new Effective(settings);

            if (parse.GetValue(platforms) is { } platformText)
            {
                if (!Platform.TryParseList(platformText, out var list, out var platformError)) return Usage.Fail(terminal, $"--platforms {platformError}");
                view.Override("platforms", Flow(list.Select(p => p.ToString())), "option --platforms");
            }
            foreach (var (option, key) in new[] { (minAge, "update.min-age"), (maxAge, "verify.max-age") })
            {
                if (parse.GetValue(option) is not { } text) continue;
                if (!Durations.TryParse(text, out var parsed, out var durationError)) return Usage.Fail(terminal, $"{option.Name} '{text}': {durationError}");
                view.Override(key, Durations.Format(parsed), $"option {option.Name}");
            }
            if (parse.GetValue(caFile) is { } ca) view.Override("registries.ca-file", Quote(Path.GetFullPath(ca, terminal.WorkingDirectory)), "option --ca-file");
            if (parse.GetValue(insecure) is { Length: > 0 } hosts) view.Add("registries.insecure", settings.InsecureRegistries, hosts, "option --insecure-registry");
            var ignoredRules = new List<string>();
            foreach (var text in parse.GetValue(ignore) ?? [])
            {
                if (Rules.Find(text) is not { } rule) return Usage.Fail(terminal, $"--ignore '{text}': no such rule (known: {string.Join(", ", Rules.All.Select(r => $"{r.Id} {r.Name}"))})");
                ignoredRules.Add(rule.Id);
            }
            if (ignoredRules.Count > 0) view.Add("ignore.rules", settings.IgnoreRules, ignoredRules, "option --ignore");
            var excluded = parse.GetValue(exclude) ?? [];
            foreach (var text in excluded)
                if (!Globs.Glob.TryParse(text, Globs.GlobSyntax.Path, out _, out var globError)) return Usage.Fail(terminal, $"--exclude {globError}");
            if (excluded.Length > 0) view.Add("ignore.paths", settings.IgnorePaths.Select(g => g.Pattern), excluded, "option --exclude");

            terminal.Out.Write(view.Render(file, ignoredRules));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Flow(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    /// <summary>Every setting's value as YAML text and where it came from; the command line's overrides applied.</summary>
    private sealed class Effective
    {
        private readonly ImagepinConfig _config;
        private readonly Dictionary<string, (string Value, string Origin)> _values = new(StringComparer.Ordinal);

        public Effective(ImagepinConfig config)
        {
            _config = config;
            Set("platforms", config.Platforms is { } p ? Flow(p.Select(x => x.ToString())) : "[]", "default: every platform (audit: linux/amd64)");
            Set("update.min-age", config.MinAge is { } min ? Durations.Format(min) : "null", "default: no cool-down");
            Set("verify.max-age", config.MaxAge is { } max ? Durations.Format(max) : "null", "default: no limit");
            Set("registries.allow", config.AllowedImages is { } allow ? Flow(allow.Select(a => a.Text)) : "null", "default: every registry");
            Set("registries.insecure", Flow(config.InsecureRegistries), "default: none (loopback may use plain HTTP)");
            Set("registries.ca-file", config.CaFile is { } ca ? Quote(ca) : "null", "default: the system's certificate authorities");
            Set("registries.timeout", Durations.Format(config.RequestTimeout ?? ImagePin.Registry.RegistryOptions.DefaultRequestTimeout),
                "default: 30s per attempt of a request");
            Set("registries.trust-head-digest", config.TrustHeadDigest ? "true" : "false",
                "default: a Docker Hub HEAD digest is confirmed by a second HEAD");
            Set("registries.mirrors", "{" + string.Join(", ", config.Mirrors.Select(m => $"{Quote(m.Key)}: {Quote(m.Value)}")) + "}", "default: none");
            Set("ignore.paths", Flow(config.IgnorePaths.Select(g => g.Pattern)), "default: none (.gitignore is always read)");
            Set("ignore.rules", Flow(config.IgnoreRules), "default: none");
            Set("ignore.images", Flow(config.IgnoreImages.Select(i => i.Text)), "default: none");
        }

        private void Set(string key, string value, string defaultOrigin) =>
            _values[key] = (value, _config.Origins.TryGetValue(key, out var at) ? at : defaultOrigin);

        public void Override(string key, string value, string origin) => _values[key] = (value, origin);

        /// <summary>Values an option adds to the file's.</summary>
        public void Add(string key, IEnumerable<string> fromFile, IEnumerable<string> fromOption, string option)
        {
            var origin = _config.Origins.TryGetValue(key, out var at) ? $"{at} + {option}" : option;
            _values[key] = (Flow(fromFile.Concat(fromOption)), origin);
        }

        public string Render(string? file, IReadOnlyCollection<string> ignoredByOption)
        {
            var text = new StringBuilder();
            text.Append(file is null
                ? "# settings file: none found (.imagepin.yaml in the scanned folder or above it, up to the repository root); defaults apply\n"
                : $"# settings file: {file}\n");
            Line(text, "", "platforms");
            text.Append("rules:").Append(Comment(_config.Origins.GetValueOrDefault("rules") ?? "default: digests everywhere")).Append('\n');
            foreach (var rule in _config.PathRules)
            {
                text.Append("  - paths: ").Append(Flow(rule.Paths.Select(g => g.Pattern))).Append(Comment(rule.Origin)).Append('\n');
                text.Append("    require: ").Append(rule.Require.Name()).Append('\n');
            }
            text.Append("  - paths: [\"**\"]").Append(Comment("default: files no rule above matches")).Append('\n');
            text.Append("    require: digest\n");
            foreach (var (section, keys) in new[]
                     {
                         ("update", new[] { "min-age" }), ("verify", ["max-age"]), ("registries", ["allow", "insecure", "ca-file", "mirrors", "timeout", "trust-head-digest"]),
                         ("ignore", ["paths", "rules", "images"]),
                     })
            {
                text.Append(section).Append(":\n");
                foreach (var key in keys) Line(text, "  ", $"{section}.{key}");
            }
            text.Append("severity:\n");
            foreach (var rule in Rules.All)
            {
                var (severity, origin) = _config.Severities.TryGetValue(rule.Id, out var set)
                    ? (set, _config.Origins.GetValueOrDefault($"severity.{rule.Id}") ?? "settings")
                    : (rule.DefaultSeverity, "default");
                if (_config.IgnoreRules.Contains(rule.Id)) (severity, origin) = (Severity.None, _config.Origins.GetValueOrDefault("ignore.rules") ?? "ignore.rules");
                if (ignoredByOption.Contains(rule.Id)) (severity, origin) = (Severity.None, "option --ignore");
                text.Append("  ").Append(rule.Name).Append(": ").Append(severity.Name()).Append(Comment($"{rule.Id}, {origin}")).Append('\n');
            }
            return text.ToString();
        }

        private void Line(StringBuilder text, string indent, string key)
        {
            var (value, origin) = _values[key];
            text.Append(indent).Append(key[(key.IndexOf('.') + 1)..]).Append(": ").Append(value).Append(Comment(origin)).Append('\n');
        }

        private static string Comment(string origin) => "  # " + origin;
    }
}
