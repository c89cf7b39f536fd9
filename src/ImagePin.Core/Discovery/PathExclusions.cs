using ImagePin.Globs;

namespace ImagePin.Discovery;

/// <summary>
/// Paths a walk leaves out (<c>--exclude GLOB</c>, <c>ignore.paths</c> in the settings). A pattern with a '/' is
/// matched against the path relative to its base folder; one without, against the name at any depth (as in
/// .gitignore). A folder is left out when the pattern matches it or everything in it (<c>vendor/**</c>).
/// Files named on the command line are never left out.
/// </summary>
internal sealed class PathExclusions(IReadOnlyList<(string BaseDirectory, Glob Pattern)> patterns)
{
    public static PathExclusions None { get; } = new([]);

    public bool IsEmpty => patterns.Count == 0;

    public bool Excludes(string fullPath, bool isDirectory)
    {
        foreach (var (baseDirectory, pattern) in patterns)
        {
            if (GitIgnores.RelativeTo(baseDirectory, fullPath) is not { } relative) continue;
            var subject = pattern.Pattern.Contains('/') ? relative : relative[(relative.LastIndexOf('/') + 1)..];
            if (pattern.IsMatch(subject) || (isDirectory && pattern.IsMatch(subject + "/"))) return true;
        }
        return false;
    }
}
