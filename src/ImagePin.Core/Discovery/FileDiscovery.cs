using MAB.DotIgnore;

namespace ImagePin.Discovery;

/// <param name="FullPath">Absolute path.</param>
/// <param name="DisplayPath">Relative to the working directory with '/' separators (absolute when outside it).</param>
/// <param name="Explicit">Named on the command line: always read, whatever its name.</param>
internal sealed record DiscoveredFile(string FullPath, string DisplayPath, bool Explicit);

internal sealed record DiscoveryResult(IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<string> MissingPaths);

/// <summary>
/// Walks the given paths for the files some source may read (<paramref name="isCandidate"/>, by full path),
/// skipping what .gitignore (and .git/info/exclude) ignores, the .git folder itself, and directory symlinks
/// (which could loop). Files named on the command line are always taken.
/// </summary>
internal sealed class FileDiscovery(string workingDirectory, bool includeIgnored, Func<string, bool> isCandidate)
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
            else if (Directory.Exists(full)) WalkRoot(full);
            else missing.Add(path);
        }
        return new DiscoveryResult(files, missing);
    }

    private void WalkRoot(string root)
    {
        // "dir/" names the same folder as "dir"; paths relative to it must not end in a separator.
        root = Path.TrimEndingDirectorySeparator(root);
        if (includeIgnored)
        {
            Walk(root, []);
            return;
        }
        var ignores = AncestorIgnores(root);
        // Inside an ignored folder nothing is seen, as when the walk starts higher up.
        if (!IsInIgnoredFolder(ignores, root)) Walk(root, ignores);
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
            else if (isCandidate(entry.FullName) && !IsIgnored(ignores, entry.FullName, isDirectory: false))
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

    private string DisplayPath(string fullPath) => DisplayPathOf(workingDirectory, fullPath);

    /// <summary>How reports name a file: relative to the working directory with '/' separators, absolute when outside it.</summary>
    public static string DisplayPathOf(string workingDirectory, string fullPath)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(fullPath) && relative.Split(Path.DirectorySeparatorChar).All(p => p == ".."))
            relative = fullPath;
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// Git's rule: the patterns of every ignore file that applies are read in order of precedence, lowest
    /// first (.git/info/exclude, then .gitignore files from the shallowest folder to the deepest), each file
    /// top to bottom; the last pattern that matches decides, and a <c>!pattern</c> un-ignores. A file in an
    /// ignored folder cannot be re-included: the walk does not enter ignored folders.
    /// </summary>
    private static bool IsIgnored(List<ScopedIgnore> ignores, string fullPath, bool isDirectory)
    {
        var ignored = false;
        foreach (var ignore in ignores)
        {
            // Each file's patterns are relative to its own folder, and do not apply to that folder itself.
            var relative = Path.GetRelativePath(ignore.BaseDirectory, fullPath);
            if (relative == "." || relative == ".." || Path.IsPathRooted(relative) ||
                relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                continue;
            relative = relative.Replace(Path.DirectorySeparatorChar, '/');
            var name = relative[(relative.LastIndexOf('/') + 1)..];
            foreach (var rule in ignore.Rules)
            {
                if (Matches(rule, relative, name, isDirectory))
                    ignored = (rule.PatternFlags & PatternFlags.NEGATION) == 0;
            }
        }
        return ignored;
    }

    private static bool Matches(IgnoreRule rule, string relative, string name, bool isDirectory)
    {
        // IgnoreRule.Pattern has the '!', a leading '/' and a trailing '/' removed. A pattern without a
        // slash matches the name at any depth, so it is given the name alone (the library would also try
        // every parent folder's name); anchored by a leading '/', only directly in the ignore file's folder.
        if (!rule.Pattern.Contains('/'))
        {
            if ((rule.PatternFlags & PatternFlags.ABSOLUTE_PATH) != 0 && relative.Contains('/')) return false;
            relative = name;
        }
        try { return rule.IsMatch(relative, isDirectory); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Whether <paramref name="directory"/> or a folder above it, below the outermost ignore file's folder, is ignored.</summary>
    private static bool IsInIgnoredFolder(List<ScopedIgnore> ignores, string directory)
    {
        if (ignores.Count == 0) return false;
        var top = ignores.Select(i => i.BaseDirectory).MinBy(b => b.Length)!;
        var folders = new List<string>();
        for (var dir = new DirectoryInfo(directory); dir is not null && dir.FullName.Length > top.Length; dir = dir.Parent)
            folders.Add(dir.FullName);
        folders.Reverse();
        return folders.Any(f => IsIgnored(ignores, f, isDirectory: true));
    }

    /// <summary>The .gitignore files above a walk root, up to the repository root, and .git/info/exclude.</summary>
    private static List<ScopedIgnore> AncestorIgnores(string root)
    {
        var chain = new List<ScopedIgnore>();
        // At the top of a repository, nothing above it applies.
        var start = HasGitEntry(root) ? null : new DirectoryInfo(root).Parent;
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            if (LoadIgnore(dir.FullName, Path.Combine(dir.FullName, ".gitignore")) is { } ignore) chain.Insert(0, ignore);
            if (HasGitEntry(dir.FullName)) break;
        }
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            if (!Directory.Exists(Path.Combine(dir.FullName, ".git"))) continue;
            if (LoadIgnore(dir.FullName, Path.Combine(dir.FullName, ".git", "info", "exclude")) is { } exclude) chain.Insert(0, exclude);
            break;
        }
        return chain;
    }

    private static bool HasGitEntry(string directory) =>
        Directory.Exists(Path.Combine(directory, ".git")) || File.Exists(Path.Combine(directory, ".git"));

    private static ScopedIgnore? LoadIgnore(string baseDirectory, string file)
    {
        if (!File.Exists(file)) return null;
        string[] lines;
        try { lines = File.ReadAllLines(file); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { return null; }

        var rules = new List<IgnoreRule>();
        foreach (var line in lines)
        {
            var pattern = TrimTrailingSpaces(line);
            if (pattern.Length == 0 || pattern.StartsWith('#')) continue;
            // A pattern the library cannot read (e.g. an unclosed '[') matches nothing, as in git.
            try { rules.Add(new IgnoreRule(pattern, MatchFlags.PATHNAME)); }
            catch (ArgumentException) { }
        }
        return new ScopedIgnore(baseDirectory, rules);
    }

    // Git drops trailing spaces unless a backslash escapes them.
    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\')) end--;
        return line[..end];
    }

    private sealed record ScopedIgnore(string BaseDirectory, IReadOnlyList<IgnoreRule> Rules);
}
