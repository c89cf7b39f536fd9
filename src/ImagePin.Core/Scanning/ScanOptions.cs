namespace ImagePin.Scanning;

/// <param name="IncludeIgnored">Also read files that .gitignore ignores.</param>
/// <param name="MaxFileBytes">Larger files are skipped with a note: no real Dockerfile or manifest is that big.</param>
internal sealed record ScanOptions(bool IncludeIgnored = false, long MaxFileBytes = 4 * 1024 * 1024)
{
    public static ScanOptions Default { get; } = new();
}
