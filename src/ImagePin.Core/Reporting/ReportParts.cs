using System.Text.Json;
using System.Text.Encodings.Web;

namespace ImagePin.Reporting;

/// <summary>Pieces every report shares, so the formats spell things the same way.</summary>
internal static class ReportParts
{
    /// <summary>Indented JSON that keeps quotes and backticks in messages readable (never embedded in HTML).</summary>
    public static Utf8JsonWriter JsonWriter(Stream output) =>
        new(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Hands what is buffered to the stream once it is large: a report of 40,000 references is not held whole.</summary>
    public static void FlushIfLarge(Utf8JsonWriter json)
    {
        if (json.BytesPending > 64 * 1024) json.Flush();
    }

    public static void WriteLocation(Utf8JsonWriter json, string file, int line, int column)
    {
        json.WriteString("file", file);
        json.WriteNumber("line", line);
        json.WriteNumber("column", column);
    }

    /// <summary>The <c>errors</c> array: files that could not be read, parsed or built.</summary>
    public static void WriteErrors(Utf8JsonWriter json, IReadOnlyList<Sources.FileError> errors, string name = "errors")
    {
        json.WriteStartArray(name);
        foreach (var e in errors)
        {
            json.WriteStartObject();
            json.WriteString("file", e.File);
            if (e.Line is { } line) json.WriteNumber("line", line); else json.WriteNull("line");
            if (e.Column is { } column) json.WriteNumber("column", column); else json.WriteNull("column");
            json.WriteString("message", e.Message);
            json.WriteEndObject();
            FlushIfLarge(json);
        }
        json.WriteEndArray();
    }

    /// <summary><c>createdSource</c>, spelled the same by update and verify.</summary>
    public static void WriteCreatedSource(Utf8JsonWriter json, Freshness.CreatedSource source)
    {
        if (Freshness.ImageCreated.JsonName(source) is { } name) json.WriteString("createdSource", name);
        else json.WriteNull("createdSource");
    }

    /// <summary>Dry runs carry their unified diffs (UTF-8), by file.</summary>
    public static void WriteDiffs(Utf8JsonWriter json, IReadOnlyDictionary<string, byte[]> diffs)
    {
        json.WriteStartObject("diffs");
        foreach (var (file, diff) in diffs)
        {
            json.WriteString(file, diff);
            FlushIfLarge(json);
        }
        json.WriteEndObject();
    }

    /// <summary>With a dry run, the diffs are the output; otherwise one line per change.</summary>
    public static void WriteChangesOrDiffs<T>(bool dryRun, IReadOnlyDictionary<string, byte[]> diffs, IEnumerable<T> changes, Func<T, string> line, TextWriter output)
    {
        if (dryRun)
        {
            var chars = new char[1024];
            foreach (var diff in diffs.Values)
            {
                if (chars.Length < diff.Length) chars = new char[Math.Max(diff.Length, chars.Length * 2)];
                output.Write(chars, 0, System.Text.Encoding.UTF8.GetChars(diff, chars));
            }
        }
        else
            foreach (var c in changes) output.Write(line(c) + "\n");
    }

    /// <summary>"image: message", unless the message already starts by naming the image (registry messages do).</summary>
    public static string Subject(string image, string message) =>
        message.StartsWith(image, StringComparison.Ordinal) || message.Contains($"{image}:", StringComparison.Ordinal) ? message : $"{image}: {message}";

    /// <summary>A registry failure without its attempt count, so the failures one dead host causes read as one.</summary>
    public static string Cause(string error)
    {
        foreach (var marker in (string[])[" (after ", "; not tried again"])
            if (error.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0) error = error[..at];
        return error;
    }

    public static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
