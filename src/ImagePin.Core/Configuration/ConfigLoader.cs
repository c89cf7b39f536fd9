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
    private static readonly string[] TopLevelKeys = ["platforms", "update", "verify", "registries", "ignore"];

    /// <summary>The config in <paramref name="startDirectory"/> or the nearest folder above it, up to the repository root.</summary>
    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var name in (string[])[ImagepinConfig.FileName, ImagepinConfig.AlternateFileName])
            {
                var candidate = System.IO.Path.Combine(dir.FullName, name);
                if (File.Exists(candidate)) return candidate;
            }
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, ".git")) || File.Exists(System.IO.Path.Combine(dir.FullName, ".git"))) break;
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
        TimeSpan? minAge = null, maxAge = null;
        var insecure = new List<string>();
        var mirrors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ignorePaths = new List<Globs.Glob>();
        var ignoreRules = new List<string>();
        string? caFile = null;
        var trustHeadDigest = false;
        TimeSpan? timeout = null;
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "platforms":
                    platforms = reader.Strings(value, "platforms").Select(p => reader.Platform(value, p)).ToList();
                    break;
                case "update":
                    foreach (var (k, v) in reader.Mapping(value, "update", ["min-age"]))
                        minAge = reader.Duration(v, $"update.{k}");
                    break;
                case "verify":
                    foreach (var (k, v) in reader.Mapping(value, "verify", ["max-age"]))
                        maxAge = reader.Duration(v, $"verify.{k}");
                    break;
                case "ignore":
                    foreach (var (k, v) in reader.Mapping(value, "ignore", ["paths", "rules"]))
                    {
                        if (k == "paths") ignorePaths.AddRange(reader.Globs(v, "ignore.paths"));
                        else ignoreRules.AddRange(reader.RuleIds(v, "ignore.rules"));
                    }
                    break;
                case "registries":
                    foreach (var (k, v) in reader.Mapping(value, "registries", ["insecure", "ca-file", "mirrors", "trust-head-digest", "timeout"]))
                    {
                        if (k == "trust-head-digest") trustHeadDigest = reader.Boolean(v, "registries.trust-head-digest");
                        else if (k == "timeout") timeout = reader.Duration(v, "registries.timeout");
                        else if (k == "insecure") insecure.AddRange(reader.Strings(v, "registries.insecure"));
                        else if (k == "mirrors") foreach (var (registry, mirror) in reader.Hosts(v, "registries.mirrors")) mirrors[registry] = mirror;
                        else caFile = reader.FilePath(v, "registries.ca-file", System.IO.Path.GetDirectoryName(path)!);
                    }
                    break;
            }
        }
        return new ImagepinConfig(path, platforms, minAge, maxAge, insecure, caFile)
        {
            Mirrors = mirrors, IgnorePaths = ignorePaths, IgnoreRules = ignoreRules, TrustHeadDigest = trustHeadDigest, RequestTimeout = timeout,
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
        private ConfigException Error(YamlNode node, string message) => new($"{file}:{node.Start.Line}:{node.Start.Column}: {message}");

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
