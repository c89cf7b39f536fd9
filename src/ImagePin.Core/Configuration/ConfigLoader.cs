using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImagePin.Configuration;

/// <summary>
/// Finds and reads <c>.imagepin.yaml</c>. The file is small and strict: unknown keys and wrong types are
/// errors with file:line:column, so a typo never silently turns a setting off.
/// </summary>
internal static class ConfigLoader
{
    private static readonly string[] TopLevelKeys = ["platforms", "rules", "update", "verify", "registries", "ignore", "severity"];

    /// <summary>The config in <paramref name="startDirectory"/> or the nearest folder above it, up to the repository root.</summary>
    /// <param name="known">Answers for folders already looked at, shared by the lookups of one run (sibling paths climb the same folders).</param>
    public static string? Find(string startDirectory, Dictionary<string, string?>? known = null)
    {
        var climbed = new List<string>();
        string? found = null;
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (known is not null && known.TryGetValue(dir.FullName, out var answer)) { found = answer; break; }
            climbed.Add(dir.FullName);
            found = ConfigIn(dir.FullName);
            if (found is not null) break;
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, ".git")) || File.Exists(System.IO.Path.Combine(dir.FullName, ".git"))) break;
        }
        if (known is not null) foreach (var dir in climbed) known[dir] = found;
        return found;
    }

    private static string? ConfigIn(string directory)
    {
        foreach (var name in (string[])[ImagepinConfig.FileName, ImagepinConfig.AlternateFileName])
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <exception cref="ConfigException">The file cannot be read or is not a valid config.</exception>
    public static ImagepinConfig Load(string path, string displayPath)
    {
        string text;
        try
        {
            if (new FileInfo(path).Length > MaxBytes) throw new ConfigException($"{displayPath}: over {MaxBytes / 1024} KiB; a settings file is a few lines");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{displayPath}: cannot read: {Discovery.IoErrors.Describe(e)}");
        }
        return Parse(text, path, displayPath);
    }

    /// <summary>The settings in <paramref name="text"/>, as if read from <paramref name="path"/> (relative paths are resolved against its folder).</summary>
    /// <exception cref="ConfigException">The text is not a valid config.</exception>
    internal static ImagepinConfig Parse(string text, string path, string displayPath)
    {
        var stream = new YamlStream();
        try
        {
            // YamlStream.Load recurses once per nesting level: check the depth first, event by event.
            if (!Sources.Yaml.YamlParseBudget.TryRun(text, () => { CheckDepth(text, displayPath); stream.Load(new StringReader(text)); return true; }, out _))
                throw new ConfigException($"{displayPath}: not valid YAML (the parser did not finish within {Sources.Yaml.YamlParseBudget.For(text).TotalSeconds:0} s; a directive line, '%…', it cannot read)");
        }
        catch (YamlException e) { throw new ConfigException($"{displayPath}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {Inner(e)}"); }
        // YamlDotNet throws these on some input (found by fuzzing) instead of a located YamlException: its scanner an
        // InvalidOperationException, its representation model an ArgumentException for events it does not load.
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new ConfigException($"{displayPath}: not valid YAML ({e.Message})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return ImagepinConfig.Empty with { Path = path };

        var reader = new NodeReader(displayPath);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the top level", TopLevelKeys);
        IReadOnlyList<Platform>? platforms = null;
        YamlNode? platformsAt = null;
        TimeSpan? minAge = null, maxAge = null;
        var insecure = new List<string>();
        var mirrors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ignorePaths = new List<Globs.Glob>();
        var ignoreRules = new List<string>();
        var ignoreImages = new List<Policy.ImagePattern>();
        List<Policy.ImagePattern>? allowed = null;
        var pathRules = new List<Policy.PathRule>();
        var severities = new Dictionary<string, Policy.Severity>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        string? caFile = null;
        var trustHeadDigest = false;
        TimeSpan? timeout = null;
        void Platforms(YamlNode value, string what)
        {
            if (platformsAt is not null)
                throw reader.Error(value, $"{what}: the platforms are already given at {reader.Origin(platformsAt)}; keep one of them");
            platforms = reader.Strings(value, what).Select(p => reader.Platform(value, p)).ToList();
            platformsAt = value;
            origins["platforms"] = reader.Origin(value);
        }
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "platforms":
                    Platforms(value, "platforms");
                    break;
                case "rules":
                    pathRules.AddRange(reader.PathRules(value));
                    origins["rules"] = reader.Origin(value);
                    break;
                case "update":
                    foreach (var (k, v) in reader.Mapping(value, "update", ["min-age", "platforms"]))
                    {
                        if (k == "platforms") { Platforms(v, "update.platforms"); continue; }
                        minAge = reader.Duration(v, $"update.{k}");
                        origins["update.min-age"] = reader.Origin(v);
                    }
                    break;
                case "verify":
                    foreach (var (k, v) in reader.Mapping(value, "verify", ["max-age"]))
                    {
                        maxAge = reader.Duration(v, $"verify.{k}");
                        origins["verify.max-age"] = reader.Origin(v);
                    }
                    break;
                case "ignore":
                    foreach (var (k, v) in reader.Mapping(value, "ignore", ["paths", "rules", "images"]))
                    {
                        if (k == "paths") ignorePaths.AddRange(reader.Globs(v, "ignore.paths"));
                        else if (k == "images") ignoreImages.AddRange(reader.ImagePatterns(v, "ignore.images"));
                        else ignoreRules.AddRange(reader.RuleIds(v, "ignore.rules"));
                        origins[$"ignore.{k}"] = reader.Origin(v);
                    }
                    break;
                case "registries":
                    foreach (var (k, v) in reader.Mapping(value, "registries", ["allow", "insecure", "ca-file", "mirrors", "trust-head-digest", "timeout"]))
                    {
                        if (k == "trust-head-digest") trustHeadDigest = reader.Boolean(v, "registries.trust-head-digest");
                        else if (k == "timeout") timeout = reader.Duration(v, "registries.timeout");
                        else if (k == "insecure") insecure.AddRange(reader.Strings(v, "registries.insecure"));
                        else if (k == "allow") (allowed ??= []).AddRange(reader.ImagePatterns(v, "registries.allow"));
                        else if (k == "mirrors") foreach (var (registry, mirror) in reader.Hosts(v, "registries.mirrors")) mirrors[registry] = mirror;
                        else caFile = reader.FilePath(v, "registries.ca-file", System.IO.Path.GetDirectoryName(path)!);
                        origins[$"registries.{k}"] = reader.Origin(v);
                    }
                    break;
                case "severity":
                    foreach (var (ruleKey, level, at) in reader.Severities(value))
                    {
                        severities[ruleKey] = level;
                        origins[$"severity.{ruleKey}"] = reader.Origin(at);
                    }
                    break;
            }
        }
        return new ImagepinConfig(path, platforms, minAge, maxAge, insecure, caFile)
        {
            Mirrors = mirrors, IgnorePaths = ignorePaths, IgnoreRules = ignoreRules, IgnoreImages = ignoreImages, AllowedImages = allowed,
            PathRules = pathRules, Severities = severities, Origins = origins, TrustHeadDigest = trustHeadDigest, RequestTimeout = timeout,
        };
    }

    private const long MaxBytes = 256 * 1024;
    private const int MaxDepth = 32;

    private static void CheckDepth(string text, string displayPath)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                        throw new ConfigException($"{displayPath}:{parser.Current.Start.Line}:{parser.Current.Start.Column}: nested more than {MaxDepth} levels deep; a settings file is flat");
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static string Inner(YamlException e) => e.InnerException?.Message ?? e.Message;

    private sealed class NodeReader(string file)
    {
        public ConfigException Error(YamlNode node, string message) => new($"{Origin(node)}: {message}");

        /// <summary><c>file:line:column</c> of a node.</summary>
        public string Origin(YamlNode node) => $"{file}:{node.Start.Line}:{node.Start.Column}";

        /// <summary><c>rules</c>: a list of <c>{paths: [globs], require: digest|tag|any}</c>.</summary>
        public List<Policy.PathRule> PathRules(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence) throw Error(node, "rules must be a list of {paths: [globs], require: digest|tag|any}");
            var rules = new List<Policy.PathRule>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var item = sequence.Children[i];
                var what = $"rules[{i + 1}]";
                List<Globs.Glob>? paths = null;
                var require = Policy.Requirement.Digest;
                foreach (var (k, v) in Mapping(item, what, ["paths", "require"]))
                {
                    if (k == "paths") paths = Globs(v, $"{what}.paths");
                    else if (!Policy.RequirementNames.TryParse(String(v, $"{what}.require"), out require))
                        throw Error(v, $"{what}.require: '{String(v, what)}' is not one of digest, tag, any");
                }
                if (paths is null or { Count: 0 }) throw Error(item, $"{what} needs paths: a list of path globs (e.g. [\"ci/**\"])");
                rules.Add(new Policy.PathRule(paths, require, Origin(item)));
            }
            return rules;
        }

        public List<Policy.ImagePattern> ImagePatterns(YamlNode node, string what) =>
            Items(node).Select(item => ImagePin.Globs.Glob.TryParse(String(item, what), ImagePin.Globs.GlobSyntax.Path, out var glob, out var error)
                ? new Policy.ImagePattern(glob!, Origin(item)) : throw Error(item, $"{what}: {error}")).ToList();

        /// <summary><c>severity</c>: rule (id, name or the status it reports) → error, warning, note or none.</summary>
        public List<(string RuleId, Policy.Severity Level, YamlNode At)> Severities(YamlNode node)
        {
            if (node is not YamlMappingNode mapping) throw Error(node, "severity must be a mapping of rule: error|warning|note|none (e.g. digest-only: warning)");
            var result = new List<(string, Policy.Severity, YamlNode)>();
            foreach (var (k, v) in mapping.Children)
            {
                var name = String(k, "severity key");
                var rule = Policy.Rules.Find(name) ?? StatusRule(name)
                    ?? throw Error(k, $"severity: unknown rule '{name}' (known: {string.Join(", ", Policy.Rules.All.Select(r => r.Id + " " + r.Name))}, or a status such as digest-only)");
                var text = String(v, $"severity.{name}");
                Policy.Severity level = text switch
                {
                    "error" => Policy.Severity.Error,
                    "warning" => Policy.Severity.Warning,
                    "note" => Policy.Severity.Note,
                    "none" => Policy.Severity.None,
                    _ => throw Error(v, $"severity.{name}: '{text}' is not one of error, warning, note, none"),
                };
                result.Add((rule.Id, level, v));
            }
            return result;
        }

        /// <summary>The rule a status name reports (<c>digest-only</c> → IP004), for severity keys.</summary>
        private static Policy.Rule? StatusRule(string status) => status switch
        {
            "tag" => Policy.Rules.UnpinnedTag,
            "latest" => Policy.Rules.LatestTag,
            "untagged" => Policy.Rules.Untagged,
            "digest-only" => Policy.Rules.DigestWithoutTag,
            "variable" => Policy.Rules.UnresolvedVariable,
            "invalid" => Policy.Rules.InvalidReference,
            "missing" => Policy.Rules.MissingDigest,
            "behind" => Policy.Rules.PinBehind,
            _ => null,
        };

        public List<(string Key, YamlNode Value)> Mapping(YamlNode node, string what, string[] known)
        {
            if (node is not YamlMappingNode mapping) throw Error(node, $"{what} must be a mapping of {string.Join(", ", known)}");
            var entries = new List<(string, YamlNode)>();
            foreach (var (k, v) in mapping.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? throw Error(k, "keys must be plain names");
                if (!known.Contains(key)) throw Error(k, $"unknown key '{key}' in {what} (known: {string.Join(", ", known)})");
                entries.Add((key, v));
            }
            return entries;
        }

        public string String(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, $"{what} must be a non-empty string");

        public bool Boolean(YamlNode node, string what) => node is YamlScalarNode { Value: var value } && value is not null
            ? value.ToLowerInvariant() switch { "true" => true, "false" => false, _ => throw Error(node, $"{what} must be true or false, not '{value}'") }
            : throw Error(node, $"{what} must be true or false");

        public string FilePath(YamlNode node, string what, string relativeTo)
        {
            var text = String(node, what);
            try { return System.IO.Path.GetFullPath(text, relativeTo); }
            catch (ArgumentException e) { throw Error(node, $"{what}: '{text}' is not a usable path: {e.Message}"); }
        }

        public List<string> Strings(YamlNode node, string what)
        {
            if (node is YamlScalarNode scalar) return [String(scalar, what)];
            if (node is not YamlSequenceNode sequence) throw Error(node, $"{what} must be a list of strings");
            return sequence.Children.Select(c => String(c, what)).ToList();
        }

        /// <summary>A mapping of registry host[:port] to host[:port], each checked with the reference grammar.</summary>
        public List<(string Registry, string Mirror)> Hosts(YamlNode node, string what)
        {
            if (node is not YamlMappingNode mapping) throw Error(node, $"{what} must be a mapping of registry: mirror (e.g. docker.io: mirror.gcr.io)");
            var hosts = new List<(string, string)>();
            foreach (var (k, v) in mapping.Children)
            {
                var registry = String(k, $"{what} key");
                var mirror = String(v, $"{what}.{registry}");
                foreach (var (host, at) in new[] { (registry, k), (mirror, v) })
                    if (!References.ReferenceGrammar.IsDomainAndPort(host)) throw Error(at, $"{what}: '{host}' is not a registry host[:port]");
                hosts.Add((registry, mirror));
            }
            return hosts;
        }

        public List<Globs.Glob> Globs(YamlNode node, string what) =>
            Items(node).Select(item => ImagePin.Globs.Glob.TryParse(String(item, what), ImagePin.Globs.GlobSyntax.Path, out var glob, out var error)
                ? glob! : throw Error(item, $"{what}: {error}")).ToList();

        public List<string> RuleIds(YamlNode node, string what) =>
            Items(node).Select(item => Policy.Rules.Find(String(item, what))?.Id
                ?? throw Error(item, $"{what}: unknown rule '{String(item, what)}' (known: {string.Join(", ", Policy.Rules.All.Select(r => r.Id))})")).ToList();

        /// <summary>A list's items, or a single scalar as a list of one, each with its own position for errors.</summary>
        private IEnumerable<YamlNode> Items(YamlNode node) => node switch
        {
            YamlScalarNode => [node],
            YamlSequenceNode sequence => sequence.Children,
            _ => throw Error(node, "must be a list of strings"),
        };

        public Platform Platform(YamlNode node, string text) =>
            Registry.Oci.Platform.TryParse(text, out var p, out var error) ? p! : throw Error(node, $"platforms: '{text}': {error}");

        public TimeSpan Duration(YamlNode node, string what)
        {
            var text = String(node, what);
            return Durations.TryParse(text, out var d, out var error) ? d : throw Error(node, $"{what}: '{text}': {error}");
        }
    }
}
