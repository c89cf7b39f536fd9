using System.Text;
using System.Text.RegularExpressions;

namespace ImagePin.Sources.Yaml;

/// <summary>
/// Finding the files a YAML file includes (GitLab CI <c>include: local</c>, Compose <c>extends.file</c>) safely: never
/// outside the repository (symbolic links resolved), globs expanded with a bound.
/// </summary>
internal static class IncludedFiles
{
    /// <summary>Most directory entries one glob may look at.</summary>
    public const int MaxGlobEntries = 20_000;

    /// <summary>Most files one glob may name.</summary>
    public const int MaxGlobMatches = 200;

    /// <summary>The nearest folder at or above <paramref name="directory"/> with a <c>.git</c> entry, or null.</summary>
    public static string? GitRoot(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
        return null;
    }

    /// <summary>
    /// The folder includes must stay in: the git repository of <paramref name="file"/>; outside one, the working directory
    /// when the file is inside it (the scan was started there), else the file's own folder.
    /// </summary>
    public static string Boundary(Discovery.DiscoveredFile file)
    {
        var folder = Path.GetDirectoryName(file.FullPath) ?? file.FullPath;
        if (GitRoot(folder) is { } git) return git;
        var display = file.DisplayPath.Replace('/', Path.DirectorySeparatorChar);
        if (!Path.IsPathRooted(display) && !display.StartsWith("..", StringComparison.Ordinal) && file.FullPath.EndsWith(display, StringComparison.Ordinal))
            return Path.TrimEndingDirectorySeparator(file.FullPath[..^display.Length]) is { Length: > 0 } working ? working : folder;
        return folder;
    }

    /// <summary>Whether <paramref name="path"/>, with every symbolic link on the way resolved, lies inside <paramref name="root"/> (also resolved).</summary>
    public static bool IsInside(string root, string path)
    {
        var realRoot = RealPath(root);
        var realPath = RealPath(path);
        if (realRoot is null || realPath is null) return false;
        var prefix = Path.TrimEndingDirectorySeparator(realRoot) + Path.DirectorySeparatorChar;
        return realPath.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The path with each symbolic link along it replaced by its target (a bounded number of times); null for a loop.</summary>
    private static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        for (var hops = 0; parts.Count > 0;)
        {
            var next = Path.Combine(current, parts.Dequeue());
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target)
            {
                if (++hops > 40) return null;
                var resolved = Path.GetFullPath(target, current);
                var rest = parts.ToArray();
                var resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
                parts = new Queue<string>(resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = resolvedRoot;
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <summary>Whether a path names files with <c>*</c> (GitLab: <c>*</c> within a folder, <c>**</c> across folders).</summary>
    public static bool IsGlob(string path) => path.Contains('*', StringComparison.Ordinal);

    /// <summary>
    /// The files under <paramref name="root"/> whose root-relative path matches <paramref name="glob"/>, in ordinal order;
    /// the walk starts at the glob's folder part before its first <c>*</c> and skips <c>.git</c> and symbolic links.
    /// </summary>
    /// <returns>The matches, and whether a bound cut the walk short.</returns>
    public static (List<string> Files, bool Truncated) Glob(string root, string glob)
    {
        var pattern = ToRegex(glob);
        var fixedPart = glob[..glob.IndexOf('*', StringComparison.Ordinal)];
        var start = Path.Combine(root, fixedPart[..(fixedPart.LastIndexOf('/') + 1)]);
        var matches = new List<string>();
        if (!Directory.Exists(start)) return (matches, false);
        var pending = new Stack<string>();
        pending.Push(start);
        var seen = 0;
        while (pending.Count > 0)
        {
            IEnumerable<FileSystemInfo> entries;
            try { entries = new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos().ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var entry in entries)
            {
                if (++seen > MaxGlobEntries) return (Sorted(matches), true);
                if (entry.LinkTarget is not null || entry.Name == ".git") continue;
                if (entry is DirectoryInfo) pending.Push(entry.FullName);
                else if (pattern.IsMatch(Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/')))
                {
                    matches.Add(entry.FullName);
                    if (matches.Count >= MaxGlobMatches) return (Sorted(matches), true);
                }
            }
        }
        return (Sorted(matches), false);
    }

    private static List<string> Sorted(List<string> files)
    {
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static Regex ToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else if (glob[i] == '*') pattern.Append("[^/]*");
            else pattern.Append(Regex.Escape(glob[i].ToString()));
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
