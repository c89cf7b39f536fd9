namespace ImagePin.Audit.Layers;

/// <summary>Entry names as paths relative to the image root, and OCI whiteout markers.</summary>
internal static class TarPaths
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>
    /// <c>./etc//os-release</c> and <c>/etc/os-release</c> become <c>etc/os-release</c>; <c>..</c> is
    /// resolved, and a name that climbs out of the root, or nests deeper than allowed, gives null.
    /// </summary>
    public static string? Normalize(string name, int maxDepth)
    {
        var segments = new List<string>();
        foreach (var segment in name.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count == 0) return null;
                segments.RemoveAt(segments.Count - 1);
                continue;
            }
            if (segments.Count == maxDepth || segment.Contains('\0')) return null;
            segments.Add(segment);
        }
        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies below it; "" is the root.</summary>
    public static bool IsAtOrUnder(string path, string ancestor) =>
        ancestor.Length == 0 || path == ancestor || (path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal));
}
