using ImagePin.Discovery;

namespace ImagePin.Scanning;

/// <param name="IncludeIgnored">Also read files that .gitignore ignores.</param>
/// <param name="MaxFileBytes">Larger files are skipped with a note: no real Dockerfile or manifest is that big.</param>
internal sealed record ScanOptions(bool IncludeIgnored = false, long MaxFileBytes = Sources.SourceLimits.MaxFileBytes)
{
    public static ScanOptions Default { get; } = new();

    /// <summary>Paths a walk leaves out (<c>--exclude</c>, <c>ignore.paths</c>).</summary>
    public PathExclusions Exclusions { get; init; } = PathExclusions.None;

    /// <summary>Standard input, for the path <c>-</c>.</summary>
    public Func<Stream>? StandardInput { get; init; }
}
