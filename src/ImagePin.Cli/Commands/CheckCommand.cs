using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Findings;
using ImagePin.Reporting;
using ImagePin.Scanning;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin check</c>: offline; finds every image reference and judges it.</summary>
internal static class CheckCommand
{
    public static Command Create(Terminal terminal)
    {
        var paths = CommonOptions.Paths();
        var format = CommonOptions.Format();
        var buildArgs = CommonOptions.BuildArgs();
        var includeIgnored = CommonOptions.IncludeIgnored();
        var output = CommonOptions.Output();
        var command = new Command("check", "Find every image reference in Dockerfiles and report those not pinned to a digest. Needs no network.")
        {
            paths, format, buildArgs, includeIgnored, output,
        };
        command.SetAction(parse =>
        {
            if (!CommonOptions.TryParseBuildArgs(parse.GetValue(buildArgs) ?? [], out var args, out var argError))
                return Fail(terminal, argError!);
            var options = new ScanOptions(args, parse.GetValue(includeIgnored));
            var outcome = new CheckRunner(options, terminal.WorkingDirectory).Run(parse.GetValue(paths) ?? []);
            if (outcome.MissingPaths.Count > 0)
                return Fail(terminal, string.Join("; ", outcome.MissingPaths.Select(p => $"no such file or folder: {p}")));

            foreach (var note in outcome.Report.Notes)
                terminal.Error.Write($"note: {note}\n");
            var outputPath = parse.GetValue(output);
            var error = ReportWriter.Write(outcome.Report, parse.GetValue(format), terminal, outputPath);
            if (error is not null) return Fail(terminal, error);
            return outcome.Report.HasErrors ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    internal static int Fail(Terminal terminal, string message)
    {
        terminal.Error.Write($"imagepin: error: {message}\n");
        return ExitCodes.Usage;
    }
}
