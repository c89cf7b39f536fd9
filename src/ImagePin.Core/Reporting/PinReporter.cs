using System.Text.Json;
using ImagePin.Pinning;

namespace ImagePin.Reporting;

/// <summary>Reports of <c>pin</c>: text for people, JSON (same versioned envelope as check) for scripts.</summary>
internal static class PinReporter
{
    public static void WriteText(PinResult result, bool dryRun, TextWriter output, TextWriter error)
    {
        if (dryRun)
            foreach (var diff in result.Diffs.Values) output.Write(diff);
        else
            foreach (var c in result.Changes)
                output.Write($"{c.File}:{c.Line}:{c.Column}: pinned {c.Before} -> {c.After}\n");
        foreach (var f in result.Failures)
            error.Write($"{f.File}:{f.Line}:{f.Column}: error: {f.Image}: {f.Error}\n");
        var verb = dryRun ? "would pin" : "pinned";
        if (result.Changes.Count + result.Failures.Count > 0)
            error.Write($"{verb} {result.Changes.Count} {Plural(result.Changes.Count, "reference")} in {result.FilesChanged} {Plural(result.FilesChanged, "file")}" +
                        $" ({result.DistinctImages} distinct {Plural(result.DistinctImages, "image")}, {result.RegistryRequests} registry {Plural(result.RegistryRequests, "request")})" +
                        (result.Failures.Count > 0 ? $"; {result.Failures.Count} could not be pinned" : "") + "\n");
    }

    public static void WriteJson(PinResult result, bool dryRun, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("version", JsonCheckReporter.Version);
        json.WriteBoolean("dryRun", dryRun);
        json.WriteStartArray("changes");
        foreach (var c in result.Changes)
        {
            json.WriteStartObject();
            json.WriteString("file", c.File);
            json.WriteNumber("line", c.Line);
            json.WriteNumber("column", c.Column);
            json.WriteString("image", c.Image);
            json.WriteString("before", c.Before);
            json.WriteString("after", c.After);
            json.WriteString("digest", c.Digest);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("failures");
        foreach (var f in result.Failures)
        {
            json.WriteStartObject();
            json.WriteString("file", f.File);
            json.WriteNumber("line", f.Line);
            json.WriteNumber("column", f.Column);
            json.WriteString("image", f.Image);
            json.WriteString("error", f.Error);
            json.WriteString("kind", f.Kind == PinFailureKind.Registry ? "registry" : "not-pinnable");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (dryRun)
        {
            json.WriteStartObject("diffs");
            foreach (var (file, diff) in result.Diffs) json.WriteString(file, diff);
            json.WriteEndObject();
        }
        json.WriteNumber("distinctImages", result.DistinctImages);
        json.WriteNumber("registryRequests", result.RegistryRequests);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
