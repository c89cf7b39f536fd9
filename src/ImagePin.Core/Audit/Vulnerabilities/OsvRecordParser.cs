using System.Text.Json;

namespace ImagePin.Audit.Vulnerabilities;

/// <summary>
/// Parses one OSV JSON record with <see cref="JsonDocument"/> (no reflection, so trimming and
/// NativeAOT stay clean). Unknown fields are ignored; a missing id or a non-object is an error.
/// </summary>
internal static class OsvRecordParser
{
    public const int MaxRecordBytes = 32 * 1024 * 1024;
    private const int MaxListItems = 200_000;
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static OsvRecord Parse(ReadOnlyMemory<byte> json, string origin)
    {
        if (json.Length > MaxRecordBytes)
            throw new OsvFormatException($"{origin}: {json.Length} bytes, over the {MaxRecordBytes}-byte record limit");
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return Read(document.RootElement, origin);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // invalid UTF-8 in a string surfaces when it is read
        {
            throw new OsvFormatException($"{origin}: not valid JSON ({e.Message})", e);
        }
    }

    private static OsvRecord Read(JsonElement root, string origin)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new OsvFormatException($"{origin}: an OSV record must be a JSON object");
        var id = Text(root, "id");
        if (string.IsNullOrEmpty(id)) throw new OsvFormatException($"{origin}: the record has no id");
        var affected = Items(root, "affected", origin).Select(a => ReadAffected(a, $"{origin} ({id})")).OfType<OsvAffected>().ToList();
        return new OsvRecord(
            id,
            Text(root, "summary"),
            Strings(root, "aliases", origin),
            Strings(root, "upstream", origin),
            ReadSeverity(root, origin),
            !string.IsNullOrEmpty(Text(root, "withdrawn")),
            affected);
    }

    // Entries without a package (GIT ranges on an upstream repository) cannot match an OS package.
    private static OsvAffected? ReadAffected(JsonElement entry, string origin)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
            return null;
        var ecosystem = Text(package, "ecosystem");
        var name = Text(package, "name");
        if (string.IsNullOrEmpty(ecosystem) || string.IsNullOrEmpty(name)) return null;
        var ranges = Items(entry, "ranges", origin).Where(r => r.ValueKind == JsonValueKind.Object)
            .Select(r => new OsvRange(Text(r, "type") ?? "", Items(r, "events", origin).Select(ReadEvent).OfType<OsvEvent>().ToList()))
            .ToList();
        return new OsvAffected(ecosystem, name, ranges, Strings(entry, "versions", origin), Urgency(entry), ReadSeverity(entry, origin));
    }

    private static OsvEvent? ReadEvent(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var (key, kind) in EventKeys)
            if (Text(e, key) is { Length: > 0 } version) return new OsvEvent(kind, version);
        return null;
    }

    private static readonly (string Key, OsvEventKind Kind)[] EventKeys =
    [
        ("introduced", OsvEventKind.Introduced),
        ("fixed", OsvEventKind.Fixed),
        ("last_affected", OsvEventKind.LastAffected),
        ("limit", OsvEventKind.Limit),
    ];

    // Debian's converter writes the tracker's urgency in ecosystem_specific; accept database_specific too.
    private static string? Urgency(JsonElement entry)
    {
        foreach (var holder in new[] { "ecosystem_specific", "database_specific" })
            if (entry.TryGetProperty(holder, out var specific) && specific.ValueKind == JsonValueKind.Object && Text(specific, "urgency") is { Length: > 0 } urgency)
                return urgency;
        return null;
    }

    private static List<OsvSeverity> ReadSeverity(JsonElement holder, string origin) =>
        Items(holder, "severity", origin)
            .Where(s => s.ValueKind == JsonValueKind.Object && Text(s, "type") is { Length: > 0 } && Text(s, "score") is { Length: > 0 })
            .Select(s => new OsvSeverity(Text(s, "type")!, Text(s, "score")!))
            .ToList();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement element, string name, string origin) =>
        Items(element, name, origin).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();

    private static IEnumerable<JsonElement> Items(JsonElement element, string name, string origin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) throw new OsvFormatException($"{origin}: '{name}' must be an array");
        if (value.GetArrayLength() > MaxListItems) throw new OsvFormatException($"{origin}: '{name}' has more than {MaxListItems} items");
        return value.EnumerateArray();
    }
}
