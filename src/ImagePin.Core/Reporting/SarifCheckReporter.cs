using System.Text.Json;
using ImagePin.Classification;
using ImagePin.Policy;
using ImagePin.Scanning;

namespace ImagePin.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning: one rule entry per rule, one result per finding that has a rule.
/// Suppressed findings are kept as results with an in-source suppression, as SARIF intends.
/// </summary>
internal static class SarifCheckReporter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/imagepin/imagepin";

    /// <param name="paths">Maps report paths to repository paths; identity when null.</param>
    public static void Write(ScanReport report, Stream output, string toolVersion, RepositoryPaths? paths = null)
    {
        paths ??= RepositoryPaths.Identity;
        using var json = ReportParts.JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, toolVersion);
        if (paths != RepositoryPaths.Identity)
        {
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", paths.RootUri);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        WriteInvocation(json, report, paths);
        json.WriteStartArray("results");
        // The nth reference with the same rule, file, context and text (digest left out) keeps the nth fingerprint.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in report.Findings)
        {
            if (f.Rule is null) continue;
            var key = $"{f.Rule.Id}|{paths.Of(f.File)}|{f.Context}|{WithoutDigest(f.Text)}";
            seen[key] = seen.GetValueOrDefault(key) + 1;
            WriteResult(json, f, paths, Fingerprint(key, seen[key]));
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteTool(Utf8JsonWriter json, string toolVersion)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "imagepin");
        json.WriteString("semanticVersion", toolVersion);
        json.WriteString("informationUri", InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in Rules.All)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.Name);
            WriteMessage(json, "shortDescription", rule.ShortDescription);
            WriteMessage(json, "fullDescription", rule.FullDescription);
            json.WriteStartObject("help");
            json.WriteString("text", rule.Help);
            json.WriteString("markdown", rule.Help);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private const string SourceRoot = "%SRCROOT%";

    /// <summary>Stable per place and rule: not the digest (update changes it), not the line (edits above move it).</summary>
    private static string Fingerprint(string key, int ordinal) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{key}|{ordinal}")))[..32];

    private static string WithoutDigest(string text)
    {
        var at = text.IndexOf("@sha", StringComparison.Ordinal);
        return at < 0 ? text : text[..at];
    }

    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report, RepositoryPaths paths)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", report.Errors.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var e in report.Errors)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            WriteMessage(json, "message", e.Message);
            json.WriteStartArray("locations");
            WriteLocation(json, paths.Of(e.File), e.Line ?? 1, e.Column ?? 1, null, null);
            json.WriteEndArray();
            json.WriteEndObject();
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding f, RepositoryPaths paths, string fingerprint)
    {
        var rule = f.Rule!;
        json.WriteStartObject();
        json.WriteString("ruleId", rule.Id);
        json.WriteNumber("ruleIndex", IndexOf(rule));
        json.WriteString("level", f.Status == ReferenceStatus.Ignored ? Level(rule.DefaultSeverity) : Level(f.Severity));
        WriteMessage(json, "message", f.Message);
        json.WriteStartArray("locations");
        WriteLocation(json, paths.Of(f.File), f.Line, f.Column, f.EndLine, f.EndColumn + 1);
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString("imagepin/v2", fingerprint);
        json.WriteEndObject();
        if (f.Status == ReferenceStatus.Ignored)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "inSource");
            json.WriteString("justification", f.Message);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, string file, int line, int column, int? endLine, int? endColumnExclusive)
    {
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal));
        json.WriteString("uriBaseId", SourceRoot);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", line);
        json.WriteNumber("startColumn", column);
        if (endLine is { } el) json.WriteNumber("endLine", el);
        if (endColumnExclusive is { } ec) json.WriteNumber("endColumn", ec);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static int IndexOf(Rule rule)
    {
        for (var i = 0; i < Rules.All.Count; i++)
            if (Rules.All[i].Id == rule.Id) return i;
        throw new InvalidOperationException($"rule {rule.Id} is not in the catalogue");
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };
}
