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

    /// <param name="registryOptions">For commands that talk to registries; null for check.</param>
    /// <returns>The exit code of a usage error (already reported), or null with <paramref name="context"/> set.</returns>
    public static int? Open(ParseResult parse, Terminal terminal, ScanCommandOptions scan, RegistryCommandOptions? registryOptions, out CommandContext context)
    {
        context = null!;
        if (!CommonOptions.TryParseAssignments("--build-arg", parse.GetValue(scan.BuildArgs) ?? [], out var buildArgs, out var argError))
            return Usage.Fail(terminal, argError!);
        if (!CommonOptions.TryParseAssignments("--env", parse.GetValue(scan.Env) ?? [], out var environment, out var envError))
            return Usage.Fail(terminal, envError!);
        if (scan.TryLoadConfig(parse, terminal, out var config) is { } configError) return Usage.Fail(terminal, configError);
        RegistryContent? registry = null;
        Platform? platform = null;
        if (registryOptions is not null && registryOptions.TryCreate(parse, terminal, config, out registry, out platform) is { } registryError)
            return Usage.Fail(terminal, registryError);

        var scanner = new Scanner(SourceCatalog.Create(buildArgs, environment), ReferencePolicy.Default,
            new ScanOptions(parse.GetValue(scan.IncludeIgnored)), terminal.WorkingDirectory);
        var result = scanner.Scan(parse.GetValue(scan.Paths) ?? []);
        if (result.MissingPaths.Count > 0)
        {
            registry?.Dispose();
            return Usage.Fail(terminal, string.Join("; ", result.MissingPaths.Select(p => $"no such file or folder: {p}")));
        }
        context = new CommandContext(terminal, config, result, registry, platform);
        return null;
    }

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

    public void Dispose() => _registry?.Dispose();
}
