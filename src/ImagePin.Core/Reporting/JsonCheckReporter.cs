using System.Text.Json;
using ImagePin.Classification;
using ImagePin.Policy;
using ImagePin.Scanning;

namespace ImagePin.Reporting;

/// <summary>The versioned JSON contract documented in docs/json-output.md; later commands extend it.</summary>
internal static class JsonCheckReporter
{
    /// <summary>2: <c>image</c> means the same in every command (the reference as written, normalized); update's <c>createdSource</c> is spelled as verify's.</summary>
    public const int Version = 2;

    public static void Write(ScanReport report, Stream output)
    {
        using var json = ReportParts.JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteStartArray("references");
        foreach (var f in report.Findings)
        {
            WriteFinding(json, f);
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
        ReportParts.WriteErrors(json, report.Errors);
        ReportParts.WriteErrors(json, report.Warnings, "warnings");
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding f)
    {
        json.WriteStartObject();
        json.WriteString("file", f.File);
        json.WriteNumber("line", f.Line);
        json.WriteNumber("column", f.Column);
        json.WriteString("kind", f.Kind);
        json.WriteString("context", f.Context);
        json.WriteString("text", f.Text);
        if (f.Image is null) json.WriteNull("image"); else json.WriteString("image", f.Image);
        json.WriteString("status", f.Status.Name());
        json.WriteString("severity", f.Severity.Name());
        if (f.Rule is null) json.WriteNull("rule"); else json.WriteString("rule", f.Rule.Id);
        json.WriteString("message", f.Message);
        if (f.Freshness is { } fresh) WriteFreshness(json, fresh);
        json.WriteEndObject();
    }

    // Added by verify; absent from check output. Ages in whole seconds for scripts.
    private static void WriteFreshness(Utf8JsonWriter json, PinFreshness fresh)
    {
        WriteNullableString(json, "currentDigest", fresh.CurrentDigest);
        WriteNullableString(json, "platform", fresh.Platform);
        WriteNullableString(json, "pinnedCreated", fresh.PinnedCreated?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        WriteNullableString(json, "currentCreated", fresh.CurrentCreated?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        WriteNullableString(json, "createdSource", fresh.CreatedSource);
        WriteNullableLong(json, "pinnedAgeSeconds", fresh.PinnedAge is { } a ? (long)a.TotalSeconds : null);
        WriteNullableLong(json, "currentNewerBySeconds", fresh.CurrentNewerBy is { } n ? (long)n.TotalSeconds : null);
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name); else json.WriteString(name, value);
    }

    private static void WriteNullableLong(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v); else json.WriteNull(name);
    }

}
