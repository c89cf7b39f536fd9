namespace ImagePin.Audit.Packages;

/// <summary>
/// Reads dpkg's database: <c>var/lib/dpkg/status</c>, or one file of distroless images'
/// <c>var/lib/dpkg/status.d/</c>. Paragraphs that are not complete installed packages are skipped,
/// as dpkg-query would not list them either.
/// </summary>
internal static class DpkgStatusParser
{
    /// <param name="statusRequired">
    /// True for <c>status</c>, where dpkg always writes a Status field; false for <c>status.d/*</c>,
    /// whose paragraphs usually have none and are installed by being there.
    /// </param>
    public static List<InstalledPackage> Parse(ReadOnlySpan<byte> content, bool statusRequired, string what = "dpkg status") =>
        Parse(TextLimits.Decode(content, what), statusRequired, what);

    public static List<InstalledPackage> Parse(string text, bool statusRequired, string what = "dpkg status")
    {
        TextLimits.CheckText(text, what);
        var packages = new List<InstalledPackage>();
        foreach (var paragraph in Stanzas.Split(text))
        {
            var fields = Fields(paragraph);
            if (ToPackage(fields, statusRequired) is { } package)
            {
                packages.Add(package);
                TextLimits.CheckCount(packages.Count, what);
            }
        }
        return packages;
    }

    private static InstalledPackage? ToPackage(Dictionary<string, string> fields, bool statusRequired)
    {
        var name = fields.GetValueOrDefault("Package");
        var version = fields.GetValueOrDefault("Version");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version)) return null;
        if (fields.TryGetValue("Status", out var status) ? !IsInstalled(status) : statusRequired) return null;
        var (sourceName, sourceVersion) = ParseSource(fields.GetValueOrDefault("Source"));
        return new InstalledPackage(PackageKind.Deb, name, version, sourceName ?? name, sourceVersion ?? version,
            fields.GetValueOrDefault("Architecture") is { Length: > 0 } arch ? arch : null);
    }

    // "want flag status": the package is on disk when the third word is "installed", whether the
    // admin wants it kept (install) or held (hold); config-files, half-installed and the rest are not.
    private static bool IsInstalled(string status)
    {
        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && words[2] == "installed" && words[1] == "ok";
    }

    // "Source: name" or "Source: name (version)" when the source version differs from the binary's.
    private static (string? Name, string? Version) ParseSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source)) return (null, null);
        var open = source.IndexOf('(');
        if (open < 0) return (source.Trim(), null);
        var close = source.IndexOf(')', open);
        var name = source[..open].Trim();
        var version = (close < 0 ? source[(open + 1)..] : source[(open + 1)..close]).Trim();
        return (name.Length > 0 ? name : null, version.Length > 0 ? version : null);
    }

    private static readonly string[] WantedFields = ["Package", "Version", "Status", "Source", "Architecture"];

    // Field names are case-insensitive. Continuation lines (leading space or tab) only ever belong
    // to multi-line fields such as Description or Conffiles, none of which we read.
    private static Dictionary<string, string> Fields(List<string> paragraph)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in paragraph)
        {
            var colon = line.IndexOf(':');
            if (line[0] is ' ' or '\t' || colon <= 0) continue; // continuation or not a field
            var name = line.AsSpan(0, colon).Trim();
            foreach (var wanted in WantedFields)
                if (name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                    fields[wanted] = line[(colon + 1)..].Trim();
        }
        return fields;
    }
}
