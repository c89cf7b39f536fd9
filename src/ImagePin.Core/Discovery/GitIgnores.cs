using MAB.DotIgnore;

namespace ImagePin.Discovery;

/// <summary>One ignore file's patterns; they are relative to <paramref name="BaseDirectory"/>.</summary>
internal sealed record ScopedIgnore(string BaseDirectory, IReadOnlyList<IgnoreRule> Rules)
{
    /// <summary>Some pattern has a '/' inside: it is matched against the path relative to the base, not the name alone.</summary>
    public bool NeedsRelativePath { get; } = Rules.Any(r => r.Pattern.Contains('/'));
}

/// <summary>
/// Git's ignore rules: the patterns of every ignore file that applies are read in order of precedence, lowest
/// first (.git/info/exclude, then .gitignore files from the shallowest folder to the deepest), each file top to
/// bottom; the last pattern that matches decides, and a <c>!pattern</c> un-ignores. A file in an ignored folder
/// cannot be re-included. (Tracked files are another matter: see <see cref="GitIndex"/>.)
/// </summary>
internal static class GitIgnores
{
    public static bool IsIgnored(IReadOnlyList<ScopedIgnore> ignores, string fullPath, bool isDirectory) =>
        IsIgnored(ignores, fullPath, Path.GetFileName(fullPath), isDirectory);

    /// <param name="name">The last part of <paramref name="fullPath"/>, which the walk already has.</param>
    public static bool IsIgnored(IReadOnlyList<ScopedIgnore> ignores, string fullPath, string name, bool isDirectory)
    {
        var ignored = false;
        foreach (var ignore in ignores)
        {
            // Each file's patterns are relative to its own folder, and do not apply to that folder itself.
            var prefixLength = PrefixLength(ignore.BaseDirectory, fullPath);
            if (prefixLength < 0) continue;
            // Only a pattern with a '/' needs the relative path; the others see the name alone.
            var relative = ignore.NeedsRelativePath ? RelativeTo(ignore.BaseDirectory, fullPath) : null;
            var directlyIn = fullPath.Length - name.Length == prefixLength;
            foreach (var rule in ignore.Rules)
            {
                if (Matches(rule, relative, name, directlyIn, isDirectory))
                    ignored = (rule.PatternFlags & PatternFlags.NEGATION) == 0;
            }
        }
        return ignored;
    }

    /// <summary>The path below <paramref name="baseDirectory"/> with '/' separators; null when not strictly below it.</summary>
    public static string? RelativeTo(string baseDirectory, string fullPath)
    {
        var prefixLength = PrefixLength(baseDirectory, fullPath);
        if (prefixLength < 0) return null;
        var relative = fullPath[prefixLength..];
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Where the path below <paramref name="baseDirectory"/> starts in <paramref name="fullPath"/>; -1 when it is not strictly below it.</summary>
    private static int PrefixLength(string baseDirectory, string fullPath)
    {
        var separator = Path.DirectorySeparatorChar;
        var isRoot = baseDirectory.EndsWith(separator);
        var prefixLength = isRoot ? baseDirectory.Length : baseDirectory.Length + 1;
        if (fullPath.Length <= prefixLength || !fullPath.StartsWith(baseDirectory, StringComparison.Ordinal)) return -1;
        if (!isRoot && fullPath[baseDirectory.Length] != separator) return -1;
        return prefixLength;
    }

    /// <param name="relative">The path relative to the ignore file's folder; null when no pattern of that file has a '/'.</param>
    /// <param name="directlyIn">The path is directly in the ignore file's folder, not deeper.</param>
    private static bool Matches(IgnoreRule rule, string? relative, string name, bool directlyIn, bool isDirectory)
    {
        // IgnoreRule.Pattern has the '!', a leading '/' and a trailing '/' removed. A pattern without a
        // slash matches the name at any depth, so it is given the name alone (the library would also try
        // every parent folder's name); anchored by a leading '/', only directly in the ignore file's folder.
        var subject = relative;
        if (!rule.Pattern.Contains('/'))
        {
            if ((rule.PatternFlags & PatternFlags.ABSOLUTE_PATH) != 0 && !directlyIn) return false;
            subject = name;
        }
        try { return rule.IsMatch(subject!, isDirectory); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Whether <paramref name="directory"/> or a folder above it, below the outermost ignore file's folder, is ignored.</summary>
    public static bool IsInIgnoredFolder(IReadOnlyList<ScopedIgnore> ignores, string directory)
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
    public static List<ScopedIgnore> Above(string root)
    {
        var chain = new List<ScopedIgnore>();
        // At the top of a repository, nothing above it applies.
        var start = IsWorkTreeTop(root) ? null : new DirectoryInfo(root).Parent;
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            if (Load(dir.FullName, Path.Combine(dir.FullName, ".gitignore")) is { } ignore) chain.Insert(0, ignore);
            if (IsWorkTreeTop(dir.FullName)) break;
        }
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            if (!Directory.Exists(Path.Combine(dir.FullName, ".git"))) continue;
            if (Load(dir.FullName, Path.Combine(dir.FullName, ".git", "info", "exclude")) is { } exclude) chain.Insert(0, exclude);
            break;
        }
        return chain;
    }

    /// <summary>The top folder of the git work tree holding <paramref name="path"/>, if any.</summary>
    public static string? WorkTreeOf(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
            if (IsWorkTreeTop(dir.FullName)) return dir.FullName;
        return null;
    }

    private static bool IsWorkTreeTop(string directory)
    {
        var dotGit = Path.Combine(directory, ".git");
        return Directory.Exists(dotGit) || File.Exists(dotGit);
    }

    public static ScopedIgnore? Load(string baseDirectory, string file)
    {
        string[] lines;
        try
        {
            if (!File.Exists(file)) return null;
            lines = File.ReadAllLines(file);
        }
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
}
