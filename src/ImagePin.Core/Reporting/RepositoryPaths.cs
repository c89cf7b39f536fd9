namespace ImagePin.Reporting;

/// <summary>
/// Paths as code scanning and annotations need them: relative to the repository's top folder, whatever folder
/// imagepin runs in (GitHub attaches a result only when its path matches the repository's).
/// </summary>
/// <param name="workingDirectory">The folder report paths are relative to.</param>
/// <param name="root">The repository's top folder (the working directory when it is not in a git work tree).</param>
internal sealed class RepositoryPaths(string workingDirectory, string root)
{
    public static RepositoryPaths For(string workingDirectory) =>
        new(workingDirectory, Discovery.GitIgnores.WorkTreeOf(workingDirectory) ?? workingDirectory);

    public static RepositoryPaths Identity { get; } = new("", "");

    /// <summary>The repository's top folder as a file URI ending in '/', for SARIF's originalUriBaseIds.</summary>
    public string RootUri => new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri;

    /// <summary>A report path (relative to the working directory, '/' separators) relative to the repository's top folder.</summary>
    public string Of(string reportPath)
    {
        if (root.Length == 0 || root == workingDirectory || reportPath == Discovery.DiscoveredFile.StandardInput) return reportPath;
        var full = Path.GetFullPath(reportPath, workingDirectory);
        return Discovery.GitIgnores.RelativeTo(root, full) ?? reportPath;
    }
}
