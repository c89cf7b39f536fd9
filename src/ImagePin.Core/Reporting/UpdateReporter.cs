using System.Text;
using System.Text.Json;
using ImagePin.Freshness;
using ImagePin.Updating;

namespace ImagePin.Reporting;

/// <summary>Reports of <c>update</c>: text lines, JSON, and a Markdown body for a pull request.</summary>
internal static class UpdateReporter
{
    public static void WriteText(UpdateResult result, bool dryRun, TextWriter output, TextWriter error)
    {
        ReportParts.WriteChangesOrDiffs(dryRun, result.Diffs, result.Changes, c =>
            $"{c.File}:{c.Line}:{c.Column}: updated {c.Name}:{c.Tag}: {c.OldDigest} -> {c.NewDigest}; created {Time(c.OldCreated)} -> {Time(c.NewCreated)} ({ImageCreated.SourceName(c.NewCreated.Source)}){Platforms(c)}{(c.Note is null ? "" : $" ({c.Note})")}", output);
        foreach (var n in result.Notices)
        {
            var label = n.Kind == UpdateOutcomeKind.Held ? "note" : "error";
            error.Write($"{n.File}:{n.Line}:{n.Column}: {label}: {ReportParts.Subject(n.Shown, n.Message)}\n");
        }
        var verb = dryRun ? "would update" : "updated";
        error.Write($"{result.PinsChecked} {ReportParts.Plural(result.PinsChecked, "pin")} checked: {verb} {result.Changes.Count} in {result.FilesChanged} {ReportParts.Plural(result.FilesChanged, "file")}" +
                    $", {result.Notices.Count(n => n.Kind == UpdateOutcomeKind.Held)} held or skipped, {result.Notices.Count(n => n.Kind != UpdateOutcomeKind.Held)} failed\n");
    }

    /// <param name="pinned">What --pin did first, reported under <c>pinned</c>; null without --pin.</param>
    public static void WriteJson(UpdateResult result, Pinning.PinResult? pinned, bool dryRun, IReadOnlyList<Sources.FileError> errors, Stream stream)
    {
        using var json = ReportParts.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("version", JsonCheckReporter.Version);
        json.WriteBoolean("dryRun", dryRun);
        ReportParts.WriteErrors(json, errors);
        if (pinned is not null)
        {
            json.WriteStartObject("pinned");
            PinReporter.WriteChangesAndFailures(json, pinned);
            if (dryRun) ReportParts.WriteDiffs(json, pinned.Diffs);
            json.WriteEndObject();
        }
        json.WriteNumber("pinsChecked", result.PinsChecked);
        json.WriteStartArray("changes");
        foreach (var c in result.Changes)
        {
            json.WriteStartObject();
            ReportParts.WriteLocation(json, c.File, c.Line, c.Column);
            json.WriteString("image", c.Image);
            json.WriteString("tag", c.Tag);
            json.WriteString("oldDigest", c.OldDigest);
            json.WriteString("newDigest", c.NewDigest);
            WriteTime(json, "oldCreated", c.OldCreated);
            WriteTime(json, "newCreated", c.NewCreated);
            ReportParts.WriteCreatedSource(json, c.NewCreated.Source);
            json.WriteStartArray("changedPlatforms");
            foreach (var p in c.ChangedPlatforms) json.WriteStringValue(p.ToString());
            json.WriteEndArray();
            if (c.Note is null) json.WriteNull("note"); else json.WriteString("note", c.Note);
            json.WriteEndObject();
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
        json.WriteStartArray("notices");
        foreach (var n in result.Notices)
        {
            json.WriteStartObject();
            ReportParts.WriteLocation(json, n.File, n.Line, n.Column);
            json.WriteString("image", n.Image);
            json.WriteString("kind", n.Kind switch
            {
                UpdateOutcomeKind.Held => "held", UpdateOutcomeKind.RegistryFailure => "registry-failure", UpdateOutcomeKind.NotFound => "not-found", _ => "not-rewritable",
            });
            json.WriteString("message", n.Message);
            json.WriteEndObject();
            ReportParts.FlushIfLarge(json);
        }
        json.WriteEndArray();
        if (dryRun) ReportParts.WriteDiffs(json, result.Diffs);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>A pull-request body: a table of the changes with links to the registry where one is known.</summary>
    public static string Markdown(UpdateResult result, Pinning.PinResult? pinned = null)
    {
        var md = new StringBuilder();
        md.Append("## imagepin: container image digest updates\n\n");
        if (result.Changes.Count == 0) md.Append("No pinned image moved.\n");
        else
        {
            md.Append("| File | Image | Old digest | New digest | Created (old → new) | Platforms changed |\n");
            md.Append("|---|---|---|---|---|---|\n");
            foreach (var c in result.Changes)
            {
                var image = RegistryLinks.For(c.Name) is { } url ? $"[`{Cell(c.Name)}:{Cell(c.Tag)}`]({url})" : $"`{Cell(c.Name)}:{Cell(c.Tag)}`";
                var platforms = c.ChangedPlatforms.Count == 0 ? "—" : Cell(string.Join(", ", c.ChangedPlatforms));
                md.Append($"| `{Cell(c.File)}:{c.Line}` | {image} | `{Short(c.OldDigest)}` | `{Short(c.NewDigest)}` | {Time(c.OldCreated)} → {Time(c.NewCreated)} | {platforms} |\n");
            }
        }
        if (pinned is { Changes.Count: > 0 })
        {
            md.Append("\n### Newly pinned\n\n| File | Reference | Digest |\n|---|---|---|\n");
            foreach (var c in pinned.Changes)
                md.Append($"| `{Cell(c.File)}:{c.Line}` | `{Cell(c.Before)}` | `{Short(c.Digest)}` |\n");
        }
        var held = result.Notices.Where(n => n.Kind == UpdateOutcomeKind.Held).ToList();
        if (held.Count > 0)
        {
            md.Append("\n<details><summary>Held back or skipped</summary>\n\n");
            foreach (var n in held) md.Append($"- `{Cell(n.File)}:{n.Line}` `{Cell(n.Shown)}`: {Cell(n.Message)}\n");
            md.Append("\n</details>\n");
        }
        md.Append("\nCreated times come from the image config's `created` field or the `org.opencontainers.image.created` annotation.\n");
        return md.ToString();
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] + "…" : digest;

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static string Time(ImageCreated created) => created.Created is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "unknown";

    private static void WriteTime(Utf8JsonWriter json, string name, ImageCreated created)
    {
        if (created.Created is { } t) json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)); else json.WriteNull(name);
    }

    private static string Platforms(UpdateChange c) => c.ChangedPlatforms.Count == 0 ? "" : $"; platforms changed: {string.Join(", ", c.ChangedPlatforms)}";

}

/// <summary>Web pages for images on the well-known public registries.</summary>
internal static class RegistryLinks
{
    public static string? For(string fullyQualifiedImage)
    {
        var at = fullyQualifiedImage.IndexOfAny(['@']);
        var name = at < 0 ? fullyQualifiedImage : fullyQualifiedImage[..at];
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/')) name = name[..colon];
        var slash = name.IndexOf('/');
        if (slash < 0) return null;
        var (registry, path) = (name[..slash], name[(slash + 1)..]);
        return registry switch
        {
            "docker.io" when path.StartsWith("library/", StringComparison.Ordinal) => $"https://hub.docker.com/_/{path["library/".Length..]}",
            "docker.io" => $"https://hub.docker.com/r/{path}",
            "quay.io" => $"https://quay.io/repository/{path}",
            "ghcr.io" => $"https://ghcr.io/{path}",
            "mcr.microsoft.com" => $"https://mcr.microsoft.com/artifact/mar/{path}",
            "gcr.io" or "registry.k8s.io" => null,
            _ => null,
        };
    }
}
