using MAB.DotIgnore;

namespace ImagePin.Sources;

/// <param name="FullPath">Absolute path.</param>
/// <param name="DisplayPath">Relative to the working directory with '/' separators (absolute when outside it).</param>
/// <param name="Explicit">Named on the command line: always read, whatever its name.</param>
internal sealed record DiscoveredFile(string FullPath, string DisplayPath, bool Explicit);

internal sealed record DiscoveryResult(IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<string> MissingPaths);

/// <summary>
/// Walks the given paths for Dockerfiles, skipping what .gitignore (and .git/info/exclude) ignores,
/// the .git folder itself, and directory symlinks (which could loop).
/// </summary>
internal sealed class FileDiscovery(string workingDirectory, bool includeIgnored)
{
    private readonly List<DiscoveredFile> files = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public DiscoveryResult Discover(IReadOnlyList<string> paths)
    {
        var missing = new List<string>();
        foreach (var path in paths.Count == 0 ? ["."] : paths)
        {
            var full = Path.GetFullPath(path, workingDirectory);
            if (File.Exists(full)) Add(full, explicitly: true);
            else if (Directory.Exists(full)) Walk(full, includeIgnored ? [] : AncestorIgnores(full));
            else missing.Add(path);
        }
        return new DiscoveryResult(files, missing);
    }

    private void Walk(string directory, List<ScopedIgnore> ignores)
    {
        var local = includeIgnored ? null : LoadIgnore(directory, Path.Combine(directory, ".gitignore"));
        if (local is not null) ignores = [.. ignores, local];

        IEnumerable<FileSystemInfo> entries;
        try { entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList(); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { return; }

        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo dir)
            {
                if (dir.Name == ".git" || dir.LinkTarget is not null) continue;
                if (IsIgnored(ignores, dir.FullName, isDirectory: true)) continue;
                Walk(dir.FullName, ignores);
            }
            else if (DockerfileNames.IsDockerfile(entry.Name) && !IsIgnored(ignores, entry.FullName, isDirectory: false))
            {
                Add(entry.FullName, explicitly: false);
            }
        }
    }

    private void Add(string fullPath, bool explicitly)
    {
        if (!seen.Add(fullPath)) return;
        files.Add(new DiscoveredFile(fullPath, DisplayPath(fullPath), explicitly));
    }

    private string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(fullPath) && relative.Split(Path.DirectorySeparatorChar).All(p => p == ".."))
            relative = fullPath;
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static bool IsIgnored(List<ScopedIgnore> ignores, string fullPath, bool isDirectory)
    {
        foreach (var ignore in ignores)
        {
            var relative = Path.GetRelativePath(ignore.BaseDirectory, fullPath);
            if (relative.StartsWith("..", StringComparison.Ordinal)) continue;
            if (ignore.List.IsIgnored(relative.Replace(Path.DirectorySeparatorChar, '/'), isDirectory)) return true;
        }
        return false;
    }

    /// <summary>The .gitignore files above a walk root, up to the repository root, and .git/info/exclude.</summary>
    private static List<ScopedIgnore> AncestorIgnores(string root)
    {
        var chain = new List<ScopedIgnore>();
        for (var dir = new DirectoryInfo(root).Parent; dir is not null; dir = dir.Parent)
        {
            if (LoadIgnore(dir.FullName, Path.Combine(dir.FullName, ".gitignore")) is { } ignore) chain.Insert(0, ignore);
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))) break;
        }
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            if (!Directory.Exists(Path.Combine(dir.FullName, ".git"))) continue;
            if (LoadIgnore(dir.FullName, Path.Combine(dir.FullName, ".git", "info", "exclude")) is { } exclude) chain.Insert(0, exclude);
            break;
        }
        return chain;
    }

    private static ScopedIgnore? LoadIgnore(string baseDirectory, string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            var rules = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#'));
            return new ScopedIgnore(baseDirectory, new IgnoreList(rules));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { return null; }
    }

    private sealed record ScopedIgnore(string BaseDirectory, IgnoreList List);
}
