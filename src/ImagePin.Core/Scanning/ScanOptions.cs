namespace ImagePin.Scanning;

/// <param name="BuildArgs">Values given as --build-arg NAME=VALUE, overriding ARG defaults as docker build does.</param>
/// <param name="IncludeIgnored">Also read files that .gitignore ignores.</param>
/// <param name="MaxFileBytes">Larger files are skipped with a note: no real Dockerfile is that big.</param>
internal sealed record ScanOptions(
    IReadOnlyDictionary<string, string> BuildArgs,
    bool IncludeIgnored = false,
    long MaxFileBytes = 4 * 1024 * 1024)
{
    public static ScanOptions Default { get; } = new(new Dictionary<string, string>());
}
