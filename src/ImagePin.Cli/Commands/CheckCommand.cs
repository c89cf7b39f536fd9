using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin check</c>: offline; finds every image reference and judges it.</summary>
internal static class CheckCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var command = new Command("check", "Find every image reference in Dockerfiles and report those not pinned to a digest. Needs no network.");
        scan.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            if (scan.TryParse(parse, out var options) is { } argError) return Usage.Fail(terminal, argError);
            if (scan.TryScan(parse, terminal, options, out var outcome, out _) is { } pathError) return Usage.Fail(terminal, pathError);

            foreach (var note in outcome.Report.Notes)
                terminal.Error.Write($"note: {note}\n");
            var outputPath = parse.GetValue(output);
            var error = ReportWriter.Write(outcome.Report, parse.GetValue(format), terminal, outputPath);
            if (error is not null) return Usage.Fail(terminal, error);
            return outcome.Report.HasErrors ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
