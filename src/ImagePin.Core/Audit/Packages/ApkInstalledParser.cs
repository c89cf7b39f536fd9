namespace ImagePin.Audit.Packages;

/// <summary>
/// Reads apk's <c>lib/apk/db/installed</c>: one <c>X:value</c> line per field, records separated by
/// blank lines. P name, V version, A arch, o origin (the source package Alpine's advisories name).
/// </summary>
internal static class ApkInstalledParser
{
    public static List<InstalledPackage> Parse(ReadOnlySpan<byte> content, string what = "apk installed database") =>
        Parse(TextLimits.Decode(content, what), what);

    public static List<InstalledPackage> Parse(string text, string what = "apk installed database")
    {
        TextLimits.CheckText(text, what);
        var packages = new List<InstalledPackage>();
        foreach (var record in Stanzas.Split(text))
        {
            string? name = null, version = null, arch = null, origin = null;
            foreach (var line in record)
            {
                if (line.Length < 2 || line[1] != ':') continue; // junk line: skip it, keep the record
                var value = line[2..].Trim();
                switch (line[0])
                {
                    case 'P': name = value; break;
                    case 'V': version = value; break;
                    case 'A': arch = value; break;
                    case 'o': origin = value; break;
                }
            }
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version)) continue;
            packages.Add(new InstalledPackage(PackageKind.Apk, name, version,
                string.IsNullOrEmpty(origin) ? name : origin, version, string.IsNullOrEmpty(arch) ? null : arch));
            TextLimits.CheckCount(packages.Count, what);
        }
        return packages;
    }
}
