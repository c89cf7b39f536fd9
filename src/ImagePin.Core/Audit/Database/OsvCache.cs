namespace ImagePin.Audit.Database;

/// <summary>
/// Where <c>imagepin db update</c> keeps the OSV exports and <c>imagepin audit</c> reads them when no <c>--db</c>
/// is given: <c>$IMAGEPIN_CACHE_DIR/osv</c>, else <c>$XDG_CACHE_HOME/imagepin/osv</c>, else
/// <c>~/.cache/imagepin/osv</c> (on Windows <c>%LOCALAPPDATA%\imagepin\osv</c>). The layout is the one
/// <c>--db</c> reads: <c>Debian/all.zip</c>, <c>Debian/updates/*.json</c>, plus <c>Debian/sync.json</c> (what the
/// server said last time: ETag, Last-Modified, newest modification seen).
/// </summary>
internal static class OsvCache
{
    public const string DefaultSource = "https://osv-vulnerabilities.storage.googleapis.com";

    public static string DefaultFolder(Func<string, string?> environment, string homeDirectory)
    {
        if (environment("IMAGEPIN_CACHE_DIR") is { Length: > 0 } own) return Path.Combine(own, "osv");
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "imagepin", "osv");
        if (OperatingSystem.IsWindows() && environment("LOCALAPPDATA") is { Length: > 0 } local) return Path.Combine(local, "imagepin", "osv");
        return Path.Combine(homeDirectory, ".cache", "imagepin", "osv");
    }

    /// <summary>The export folder names <c>db update</c> accepts, as osv.dev spells them.</summary>
    public static readonly string[] Families = ["Debian", "Ubuntu", "Alpine"];

    public static string? Family(string name) => Families.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
}
