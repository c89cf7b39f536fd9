using ImagePin.Sources;

namespace ImagePin.Discovery;

/// <param name="FullPath">Absolute path; <c>-</c> for standard input.</param>
/// <param name="DisplayPath">Relative to the working directory with '/' separators (absolute when outside it).</param>
/// <param name="Explicit">Named on the command line: always read, whatever its name.</param>
internal sealed record DiscoveredFile(string FullPath, string DisplayPath, bool Explicit)
{
    public const string StandardInput = "-";

    public bool IsStandardInput => FullPath == StandardInput;

    /// <summary>The walk saw a regular file here (not a link, FIFO or device): it can be opened without a look first.</summary>
    public bool KnownRegular { get; init; }
}

/// <param name="Files">In the order the paths were given, each folder's files in ordinal name order.</param>
/// <param name="MissingPaths">Paths given that do not exist.</param>
/// <param name="Errors">Folders that could not be read: a walk that skips part of a tree must say so.</param>
internal sealed record DiscoveryResult(IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<string> MissingPaths, IReadOnlyList<FileError> Errors);

/// <summary>
/// Walks the given paths for the files some source may read (<paramref name="isCandidate"/>, by full path),
/// skipping what .gitignore and .git/info/exclude ignore unless git tracks it, what <paramref name="exclusions"/>
/// leave out, the .git folder itself, and directory symlinks (which could loop). Files named on the command line
/// are always taken; <c>-</c> is standard input.
/// </summary>
/// <param name="found">Told of each file as soon as it is found (in the final order), so reading can start during the walk.</param>
internal sealed class FileDiscovery(string workingDirectory, bool includeIgnored, Func<string, bool> isCandidate, PathExclusions? exclusions = null,
    Action<DiscoveredFile>? found = null)
{
    private readonly PathExclusions _exclusions = exclusions ?? PathExclusions.None;
    private readonly List<DiscoveredFile> _files = [];
    private readonly List<FileError> _errors = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GitIndex> _indexes = new(StringComparer.Ordinal);

    public DiscoveryResult Discover(IReadOnlyList<string> paths)
    {
        var missing = new List<string>();
        foreach (var path in paths.Count == 0 ? ["."] : paths)
        {
            if (path == DiscoveredFile.StandardInput)
            {
                if (_seen.Add(path))
                {
                    var input = new DiscoveredFile(path, path, Explicit: true);
                    _files.Add(input);
                    found?.Invoke(input);
                }
                continue;
            }
            var full = Path.GetFullPath(path, workingDirectory);
            if (File.Exists(full)) Add(full, explicitly: true);
            else if (Directory.Exists(full)) WalkRoot(full);
            else missing.Add(path);
        }
        return new DiscoveryResult(_files, missing, _errors);
    }

    private void WalkRoot(string root)
    {
        // "dir/" names the same folder as "dir"; paths relative to it must not end in a separator.
        root = Path.TrimEndingDirectorySeparator(root);
        if (includeIgnored)
        {
            Walk(root, [], null, ignoredAbove: false);
            return;
        }
        var ignores = GitIgnores.Above(root);
        var workTree = GitIgnores.WorkTreeOf(root);
        // Inside an ignored folder only tracked files are seen, as when the walk starts higher up.
        Walk(root, ignores, workTree, ignoredAbove: GitIgnores.IsInIgnoredFolder(ignores, root));
    }

    /// <param name="ignoredAbove">This folder is ignored (or inside an ignored one): only files git tracks are taken.</param>
    private void Walk(string directory, List<ScopedIgnore> ignores, string? workTree, bool ignoredAbove)
    {
        List<DirectoryEntry> entries;
        try
        {
            entries = DirectoryListing.Read(directory);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            _errors.Add(new FileError(DisplayPath(directory), null, null, $"cannot read this folder ({IoErrors.Describe(e)}); its files were not scanned"));
            return;
        }
        // The listing says whether there is a .gitignore: no look for one in every folder.
        if (!includeIgnored && HasIgnoreFile(entries) && GitIgnores.Load(directory, Path.Join(directory, ".gitignore")) is { } local) ignores = [.. ignores, local];

        foreach (var (name, kind, regular) in entries)
        {
            var full = Path.Join(directory, name);
            if (kind != EntryKind.File)
            {
                if (name == ".git" || kind == EntryKind.LinkedDirectory || _exclusions.Excludes(full, isDirectory: true)) continue;
                var ignored = ignoredAbove || GitIgnores.IsIgnored(ignores, full, name, isDirectory: true);
                if (ignored && !TracksBelow(workTree, full)) continue;
                Walk(full, ignores, workTree, ignored);
            }
            else if (isCandidate(full) && !_exclusions.Excludes(full, isDirectory: false))
            {
                var ignored = ignoredAbove || GitIgnores.IsIgnored(ignores, full, name, isDirectory: false);
                if (!ignored || Tracks(workTree, full)) Add(full, explicitly: false, regular);
            }
        }
    }

    private static bool HasIgnoreFile(List<DirectoryEntry> entries)
    {
        foreach (var entry in entries)
            if (entry.Kind == EntryKind.File && entry.Name == ".gitignore") return true;
        return false;
    }

    // In git, ignore rules apply only to untracked files.
    private bool Tracks(string? workTree, string fullPath) =>
        workTree is not null && GitIgnores.RelativeTo(workTree, fullPath) is { } relative && IndexOf(workTree).Tracks(relative);

    private bool TracksBelow(string? workTree, string folder) =>
        workTree is not null && GitIgnores.RelativeTo(workTree, folder) is { } relative && IndexOf(workTree).TracksBelow(relative);

    private GitIndex IndexOf(string workTree)
    {
        if (!_indexes.TryGetValue(workTree, out var index)) _indexes[workTree] = index = GitIndex.Load(workTree);
        return index;
    }

    private void Add(string fullPath, bool explicitly, bool regular = false)
    {
        if (!_seen.Add(fullPath)) return;
        var file = new DiscoveredFile(fullPath, DisplayPath(fullPath), explicitly) { KnownRegular = regular };
        _files.Add(file);
        found?.Invoke(file);
    }

    private string DisplayPath(string fullPath) => DisplayPathOf(workingDirectory, fullPath);

    /// <summary>How reports name a file: relative to the working directory with '/' separators, absolute when outside it.</summary>
    public static string DisplayPathOf(string workingDirectory, string fullPath)
    {
        if (GitIgnores.RelativeTo(workingDirectory, fullPath) is { } below) return below;
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(fullPath) && relative.Split(Path.DirectorySeparatorChar).All(p => p == ".."))
            relative = fullPath;
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
