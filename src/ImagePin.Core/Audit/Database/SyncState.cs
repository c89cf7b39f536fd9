using System.Text.Json;

namespace ImagePin.Audit.Database;

/// <summary>
/// What the server said about one family's files at the last sync (<c>sync.json</c>): validators for conditional
/// requests, and <see cref="Watermark"/>, the newest modification time in <c>modified_id.csv</c> already applied.
/// </summary>
internal sealed record SyncState(string Source, string? ZipETag, string? ZipLastModified, string? CsvETag, string? CsvLastModified, DateTimeOffset? Watermark)
{
    public const string FileName = "sync.json";

    public static SyncState? Read(string familyFolder)
    {
        var path = Path.Combine(familyFolder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Str("source") is not { } source) return null;
            DateTimeOffset? watermark = Str("watermark") is { } w && DateTimeOffset.TryParse(w, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
            return new SyncState(source, Str("zipETag"), Str("zipLastModified"), Str("csvETag"), Str("csvLastModified"), watermark);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // invalid UTF-8 in a string surfaces when it is read
        {
            return null; // a damaged state file only costs a full download
        }
    }

    public void Write(string familyFolder)
    {
        var temp = Path.Combine(familyFolder, FileName + ".tmp");
        using (var stream = File.Create(temp))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("source", Source);
            void Opt(string name, string? value) { if (value is null) json.WriteNull(name); else json.WriteString(name, value); }
            Opt("zipETag", ZipETag);
            Opt("zipLastModified", ZipLastModified);
            Opt("csvETag", CsvETag);
            Opt("csvLastModified", CsvLastModified);
            Opt("watermark", Watermark?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        File.Move(temp, Path.Combine(familyFolder, FileName), overwrite: true);
    }
}
