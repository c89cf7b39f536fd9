using System.Text.Json;
using ImagePin.Audit.Images;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Freshness;

namespace ImagePin.Reporting;

/// <summary>audit as JSON: the shared contract (version, errors) plus <c>images</c>; documented in docs/json-output.md.</summary>
internal static class AuditJsonReporter
{
    public static void Write(AuditReport report, Stream output)
    {
        using var json = ReportParts.JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("version", JsonCheckReporter.Version);
        json.WriteStartArray("images");
        foreach (var pin in report.Pins) WritePin(json, pin, report.Now);
        json.WriteEndArray();
        ReportParts.WriteErrors(json, report.Errors);
        json.WriteStartArray("notes");
        foreach (var note in report.Notes) json.WriteStringValue(note);
        json.WriteEndArray();
        json.WriteString("coverage", "os-packages");
        json.WriteNumber("osvRecords", report.RecordsLoaded);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WritePin(Utf8JsonWriter json, AuditedPin pin, DateTimeOffset now)
    {
        var read = pin.Read;
        json.WriteStartObject();
        json.WriteString("image", pin.Places[0].Image);
        json.WriteString("digest", pin.Pin.Digest);
        if (pin.Pin.Tag is null) json.WriteNull("tag"); else json.WriteString("tag", pin.Pin.Tag);
        if (read.CurrentDigest is null) json.WriteNull("currentDigest"); else json.WriteString("currentDigest", read.CurrentDigest);
        json.WriteStartArray("locations");
        foreach (var place in pin.Places)
        {
            json.WriteStartObject();
            ReportParts.WriteLocation(json, place.File, place.Line, place.Column);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteTime(json, "pinnedCreated", read.PinnedCreated.Created);
        WriteTime(json, "currentCreated", read.CurrentDigest == pin.Pin.Digest ? read.PinnedCreated.Created : read.CurrentCreated.Created);
        ReportParts.WriteCreatedSource(json, (read.PinnedCreated.Created is null ? read.CurrentCreated : read.PinnedCreated).Source);
        WriteSeconds(json, "pinnedAgeSeconds", now - read.PinnedCreated.Created);
        WriteSeconds(json, "newerDigestAgeSeconds", read.CurrentDigest is null || read.CurrentDigest == pin.Pin.Digest ? null : now - read.CurrentCreated.Created);
        WriteCounts(json, "counts", SeverityCounts.Of(pin.Findings));
        json.WriteNumber("remediatedByUpdate", pin.Remediated.Count);
        json.WriteNumber("introducedByUpdate", pin.Introduced.Count);
        json.WriteStartArray("platforms");
        foreach (var platform in pin.Platforms) WritePlatform(json, platform);
        json.WriteEndArray();
        json.WriteStartArray("notes");
        foreach (var note in read.Notes) json.WriteStringValue(note);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePlatform(Utf8JsonWriter json, PlatformAudit platform)
    {
        json.WriteStartObject();
        json.WriteString("platform", platform.Platform.ToString());
        WriteImage(json, platform.Pinned);
        WriteCounts(json, "counts", platform.Pinned.Counts);
        json.WriteStartArray("findings");
        foreach (var f in platform.Pinned.Findings) WriteFinding(json, f, platform.Current is null ? null : platform.IsRemediated(f));
        json.WriteEndArray();
        if (platform.Current is null) json.WriteNull("current");
        else
        {
            json.WriteStartObject("current");
            WriteImage(json, platform.Current);
            WriteCounts(json, "counts", platform.Current.Counts);
            json.WriteStartArray("introduced");
            foreach (var f in platform.Introduced) WriteFinding(json, f, null);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteStartArray("notes");
        foreach (var note in platform.Notes.Concat(platform.Pinned.Inventory.Notes).Distinct(StringComparer.Ordinal)) json.WriteStringValue(note);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteImage(Utf8JsonWriter json, ImageFindings image)
    {
        var inventory = image.Inventory;
        json.WriteString("manifest", inventory.ManifestDigest);
        json.WriteString("inventory", inventory.Source == InventorySource.Sbom ? "sbom" : "layers");
        if (image.Ecosystem is null) json.WriteNull("ecosystem"); else json.WriteString("ecosystem", image.Ecosystem);
        if (inventory.ReleaseSource is null) json.WriteNull("releaseSource"); else json.WriteString("releaseSource", inventory.ReleaseSource);
        json.WriteNumber("packages", inventory.Packages.Count);
        json.WriteNumber("otherPackages", inventory.OtherPackages);
        json.WriteNumber("bytesDownloaded", inventory.BytesDownloaded);
        json.WriteNumber("layerBytes", inventory.LayerBytes);
    }

    private static void WriteFinding(Utf8JsonWriter json, AuditFinding f, bool? remediated)
    {
        json.WriteStartObject();
        json.WriteString("id", f.Advisory.Id);
        json.WriteStartArray("aliases");
        foreach (var alias in f.Advisory.Aliases) json.WriteStringValue(alias);
        json.WriteEndArray();
        json.WriteString("package", f.SourceName);
        json.WriteString("installed", f.SourceVersion);
        json.WriteStartArray("binaries");
        foreach (var name in f.Binaries.Select(b => b.Name).Distinct(StringComparer.Ordinal)) json.WriteStringValue(name);
        json.WriteEndArray();
        if (f.Advisory.FixedVersion is null) json.WriteNull("fixedIn"); else json.WriteString("fixedIn", f.Advisory.FixedVersion);
        json.WriteString("severity", SeverityRating.Name(f.Severity));
        json.WriteString("status", AuditTextReporter.StatusName(f.Advisory.Status));
        if (remediated is null) json.WriteNull("remediatedByUpdate"); else json.WriteBoolean("remediatedByUpdate", remediated.Value);
        if (f.Advisory.Summary is null) json.WriteNull("summary"); else json.WriteString("summary", f.Advisory.Summary);
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, SeverityCounts counts)
    {
        json.WriteStartObject(name);
        foreach (var (level, count) in counts.Named) json.WriteNumber(level, count);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t) json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        else json.WriteNull(name);
    }

    private static void WriteSeconds(Utf8JsonWriter json, string name, TimeSpan? span)
    {
        if (span is { } s) json.WriteNumber(name, (long)s.TotalSeconds); else json.WriteNull(name);
    }
}
