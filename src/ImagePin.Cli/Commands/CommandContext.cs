using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Configuration;
using ImagePin.Policy;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Cli.Commands;

/// <summary>
/// What every command that reads files does before its own work, in one place: read the options, load the
/// settings once, open the registry reads (for the commands that need them) and scan. Any failure is a usage
/// error, reported before anything else happens.
/// </summary>
internal sealed class CommandContext : IDisposable
{
    private CommandContext(Terminal terminal, ImagepinConfig config, ScanResult scan, RegistryContent? registry, Platform? platform)
    {
        Terminal = terminal;
        Config = config;
        Scan = scan;
        _registry = registry;
        Platform = platform;
    }

    private readonly RegistryContent? _registry;

    public Terminal Terminal { get; }

    public ImagepinConfig Config { get; }

    public ScanResult Scan { get; }


    public IReadOnlyList<ScannedFile> Files => Scan.Files;

    public ScanReport Report => Scan.Report;

    /// <summary>The run's shared registry reads; only for commands opened with registry options.</summary>
    public RegistryContent Registry => _registry ?? throw new InvalidOperationException("this command was opened without registry options");

    /// <summary>--platform, for commands that take it.</summary>
    public Platform? Platform { get; }

    public ReferencePolicy Policy { get; private init; } = ReferencePolicy.Default;

    /// <param name="registryOptions">For commands that talk to registries; null for check.</param>
    /// <param name="rewrites">The command writes files: standard input (<c>-</c>) cannot be one of them.</param>
    /// <param name="rescan">A second scan in the same run (update --pin): what --verbose says was said by the first.</param>
    /// <param name="reportOnly">The command uses only the report (check): each file's references are let go once judged.</param>
    /// <param name="takeFiles">Given the run's registry reads and --platform, what takes each file as soon as it is scanned
    /// (pin plans it and starts its registry requests while the walk goes on). The scan then keeps only each file's
    /// errors, warnings and notes: the command holds what it took, so a large tree is not held twice.</param>
    /// <returns>The exit code of a usage error (already reported), or null with <paramref name="context"/> set.</returns>
    public static int? Open(ParseResult parse, Terminal terminal, ScanCommandOptions scan, RegistryCommandOptions? registryOptions, out CommandContext context,
        bool rewrites = false, bool rescan = false, bool reportOnly = false, Func<RegistryContent, Platform?, Action<ScannedFile>>? takeFiles = null)
    {
        context = null!;
        var paths = parse.GetValue(scan.Paths) ?? [];
        if (paths.Any(p => p.Length == 0)) return Usage.Fail(terminal, "an empty path was given; name a file or folder (or '.' for the current folder)");
        if (rewrites && paths.Contains(Discovery.DiscoveredFile.StandardInput))
            return Usage.Fail(terminal, "standard input ('-') can be checked and verified, not rewritten; name the file instead");
        if (!CommonOptions.TryParseAssignments("--build-arg", parse.GetValue(scan.BuildArgs) ?? [], out var buildArgs, out var argError))
            return Usage.Fail(terminal, argError!);
        if (!CommonOptions.TryParseAssignments("--env", parse.GetValue(scan.Env) ?? [], out var environment, out var envError))
            return Usage.Fail(terminal, envError!);
        if (scan.TryLoadConfig(parse, terminal, out var config) is { } configError) return Usage.Fail(terminal, configError);
        if (parse.GetValue(scan.Verbose) && !rescan)
            terminal.Error.Write(config.Path is { } settingsPath
                ? $"imagepin: settings: {Path.GetRelativePath(terminal.WorkingDirectory, settingsPath).Replace('\\', '/')}\n"
                : "imagepin: settings: none found (defaults apply)\n");
        var exclusions = new List<(string, Globs.Glob)>();
        foreach (var text in parse.GetValue(scan.Exclude) ?? [])
        {
            if (!Globs.Glob.TryParse(text, Globs.GlobSyntax.Path, out var glob, out var globError)) return Usage.Fail(terminal, $"--exclude {globError}");
            exclusions.Add((terminal.WorkingDirectory, glob!));
        }
        if (config.Folder is { } folder) exclusions.AddRange(config.IgnorePaths.Select(g => (folder, g)));
        var ignoredRules = new List<string>(config.IgnoreRules);
        foreach (var text in parse.GetValue(scan.IgnoreRules) ?? [])
        {
            if (Rules.Find(text) is not { } rule)
                return Usage.Fail(terminal, $"--ignore '{text}': no such rule (known: {string.Join(", ", Rules.All.Select(r => $"{r.Id} {r.Name}"))})");
            ignoredRules.Add(rule.Id);
        }
        RegistryContent? registry = null;
        Platform? platform = null;
        if (registryOptions is not null && registryOptions.TryCreate(parse, terminal, config, out registry, out platform) is { } registryError)
            return Usage.Fail(terminal, registryError);

        // A path that does not exist is a usage error before any walk (or registry request) starts.
        var missing = paths.Where(p => p != Discovery.DiscoveredFile.StandardInput && Path.GetFullPath(p, terminal.WorkingDirectory) is var full && !File.Exists(full) && !Directory.Exists(full)).ToList();
        if (missing.Count > 0)
        {
            registry?.Dispose();
            return Usage.Fail(terminal, NoSuchPaths(missing));
        }

        var policy = new ReferencePolicy(config.Policy with { IgnoredRules = ignoredRules });
        var options = new ScanOptions(parse.GetValue(scan.IncludeIgnored))
        {
            Exclusions = new Discovery.PathExclusions(exclusions), StandardInput = terminal.Input, KeepDocuments = rewrites, KeepText = false,
            KeepReferences = !reportOnly && takeFiles is null, KeepFindings = takeFiles is null,
            Scanned = registry is not null ? takeFiles?.Invoke(registry, platform) : null,
        };
        var result = new Scanner(SourceCatalog.Create(buildArgs, environment), policy, options, terminal.WorkingDirectory).Scan(paths);
        if (result.MissingPaths.Count > 0)
        {
            registry?.Dispose();
            return Usage.Fail(terminal, NoSuchPaths(result.MissingPaths));
        }
        context = new CommandContext(terminal, config, result, registry, platform) { Policy = policy };
        if (result.Files.Count == 0 && result.Report.Errors.Count == 0)
            terminal.Error.Write($"imagepin: note: no files to scan in {(paths.Length == 0 ? "the current folder" : string.Join(", ", paths))} (looked for Dockerfiles and Containerfiles by name, outside what .gitignore and --exclude leave out)\n");
        return null;
    }

    private static string NoSuchPaths(IEnumerable<string> paths) => string.Join("; ", paths.Select(p => $"no such file or folder: {p}"));

    /// <summary>Files that could not be read or parsed, as error lines on standard error.</summary>
    public void PrintFileErrors()
    {
        foreach (var e in Report.Errors)
            Terminal.Error.Write($"{e.File}:{e.Line ?? 1}:{e.Column ?? 1}: error: {e.Message}\n");
    }

    /// <summary>Files skipped (binary, too large), as notes on standard error.</summary>
    public void PrintNotes()
    {
        foreach (var note in Report.Notes)
            Terminal.Error.Write($"note: {note}\n");
    }

    /// <summary>
    /// Removes the temporary files an interrupted earlier run left beside the scanned files (a rewriting command,
    /// before it writes), with a note on standard error.
    /// </summary>
    public void RemoveStaleTempFiles()
    {
        var removed = Editing.StaleTempFiles.Remove(Files.Select(f => f.File.FullPath));
        if (removed.Count > 0)
            Terminal.Error.Write($"imagepin: note: removed {removed.Count} temporary file{(removed.Count == 1 ? "" : "s")} left by an interrupted run (e.g. {Path.GetFileName(removed[0])})\n");
    }

    public void Dispose() => _registry?.Dispose();
}
