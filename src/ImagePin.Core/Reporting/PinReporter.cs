using System.Text.Json;
using ImagePin.Sources;
using ImagePin.Pinning;

namespace ImagePin.Reporting;

/// <summary>Reports of <c>pin</c>: text for people, JSON (same versioned envelope as check) for scripts.</summary>
internal static class PinReporter
{
    public static void WriteText(PinResult result, bool dryRun, TextWriter output, TextWriter error)
    {
        ReportParts.WriteChangesOrDiffs(dryRun, result.Diffs, result.Changes, c => $"{c.File}:{c.Line}:{c.Column}: pinned {c.Before} -> {c.After}{(c.DefinedAt is { } at ? $" (written at line {at.Line}, column {at.Column})" : "")}{(c.Note is null ? "" : $" ({c.Note})")}", output);
        // A registry that cannot be reached fails every image on it with one message: say it once, with how many it cost.
        foreach (var group in result.Failures.GroupBy(f => f.Kind == PinFailureKind.Registry ? ReportParts.Cause(f.Error) : $"{f.File}:{f.Line}:{f.Column}:{f.Error}"))
        {
            var f = group.First();
            var more = group.Count() > 1 ? $" ({group.Count()} references, the first here)" : "";
            error.Write($"{f.File}:{f.Line}:{f.Column}: error: {ReportParts.Subject(f.Image, f.Error)}{more}\n");
        }
        var verb = dryRun ? "would pin" : "pinned";
        if (result.Changes.Count + result.Failures.Count > 0)
            error.Write($"{verb} {result.Changes.Count} {ReportParts.Plural(result.Changes.Count, "reference")} in {result.FilesChanged} {ReportParts.Plural(result.FilesChanged, "file")}" +
                        $" ({result.DistinctImages} distinct {ReportParts.Plural(result.DistinctImages, "image")}, {result.RegistryRequests} registry {ReportParts.Plural(result.RegistryRequests, "request")})" +
                        (result.Failures.Count > 0 ? $"; {result.Failures.Count} could not be pinned" : "") + "\n");
    }

    /// <param name="errors">Files that could not be read or parsed (same shape as check's <c>errors</c>).</param>
    public static void WriteJson(PinResult result, bool dryRun, IReadOnlyList<FileError> errors, Stream output)
    {
        using var json = ReportParts.JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("version", JsonCheckReporter.Version);
        json.WriteBoolean("dryRun", dryRun);
        WriteChangesAndFailures(json, result);
        ReportParts.WriteErrors(json, errors);
        if (dryRun) ReportParts.WriteDiffs(json, result.Diffs);
        json.WriteNumber("distinctImages", result.DistinctImages);
        json.WriteNumber("registryRequests", result.RegistryRequests);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>The <c>changes</c> and <c>failures</c> arrays; update --pin nests them under <c>pinned</c>.</summary>
    public static void WriteChangesAndFailures(Utf8JsonWriter json, PinResult result)
    {
        json.WriteStartArray("changes");
        foreach (var c in result.Changes)
        {
            json.WriteStartObject();
            ReportParts.WriteLocation(json, c.File, c.Line, c.Column);
            json.WriteString("image", c.Image);
            json.WriteString("before", c.Before);
            json.WriteString("after", c.After);
            json.WriteString("digest", c.Digest);
            if (c.Note is not null) json.WriteString("note", c.Note);
            if (c.DefinedAt is { } at)
            {
                // The reference is at line/column; the characters that changed are here.
                json.WriteStartObject("definedAt");
                json.WriteNumber("line", at.Line);
                json.WriteNumber("column", at.Column);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
        json.WriteStartArray("failures");
        foreach (var f in result.Failures)
        {
            json.WriteStartObject();
            ReportParts.WriteLocation(json, f.File, f.Line, f.Column);
            json.WriteString("image", f.Image);
            json.WriteString("error", f.Error);
            json.WriteString("kind", f.Kind == PinFailureKind.Registry ? "registry" : "not-pinnable");
            json.WriteEndObject();
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
    }
}
