using System.CommandLine;
using ImagePin.Cli.Console;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin check</c>: offline; finds every image reference and judges it.</summary>
internal static class CheckCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var failLevel = CommonOptions.FailLevel();
        var command = new Command("check", "Find every image reference in Dockerfiles and report those not pinned to a digest. Needs no network.");
        scan.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(failLevel);
        command.SetAction(parse =>
        {
            if (OutputPath.Check("--output", parse.GetValue(output), terminal) is { } outputError) return Usage.Fail(terminal, outputError);
            if (CommandContext.Open(parse, terminal, scan, null, out var context, reportOnly: true) is { } failed) return failed;
            using var _ = context;
            context.PrintNotes();
            var writing = Scanning.PhaseTrace.Start();
            var error = ReportWriter.Write(context.Report, parse.GetValue(format), terminal, parse.GetValue(output));
            Scanning.PhaseTrace.Add(Scanning.Phase.Output, writing);
            if (error is not null) return Usage.Fail(terminal, error);
            return context.Report.Fails(parse.GetValue(failLevel)) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
