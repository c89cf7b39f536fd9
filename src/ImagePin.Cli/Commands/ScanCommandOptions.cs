using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Scanning;

namespace ImagePin.Cli.Commands;

/// <summary>What every command that reads Dockerfiles takes (paths, --build-arg, --include-ignored), and the scan itself.</summary>
internal sealed class ScanCommandOptions
{
    public Argument<string[]> Paths { get; } = CommonOptions.Paths();

    public Option<string[]> BuildArgs { get; } = CommonOptions.BuildArgs();

    public Option<bool> IncludeIgnored { get; } = CommonOptions.IncludeIgnored();

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        command.Options.Add(BuildArgs);
        command.Options.Add(IncludeIgnored);
    }

    /// <returns>A usage error for a malformed --build-arg, else null.</returns>
    public string? TryParse(ParseResult parse, out ScanOptions options)
    {
        options = ScanOptions.Default;
        if (!CommonOptions.TryParseBuildArgs(parse.GetValue(BuildArgs) ?? [], out var args, out var error)) return error;
        options = new ScanOptions(args, parse.GetValue(IncludeIgnored));
        return null;
    }

    /// <returns>A usage error naming the paths that do not exist, else null.</returns>
    public string? TryScan(ParseResult parse, Terminal terminal, ScanOptions options, out CheckOutcome outcome, out IReadOnlyList<FileScanResult> files)
    {
        (outcome, files) = new CheckRunner(options, terminal.WorkingDirectory).Scan(parse.GetValue(Paths) ?? []);
        return outcome.MissingPaths.Count == 0 ? null
            : string.Join("; ", outcome.MissingPaths.Select(p => $"no such file or folder: {p}"));
    }
}
