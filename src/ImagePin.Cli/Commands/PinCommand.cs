using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Pinning;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin pin</c>: resolve mutable references to digests and write them in place.</summary>
internal static class PinCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format("text", "json");
        var dryRun = CommonOptions.DryRun();
        var registry = new RegistryCommandOptions();
        var command = new Command("pin", "Resolve every tag, latest or untagged image reference to its digest and rewrite the files (image:tag → image:tag@sha256:…).");
        scan.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(dryRun);
        registry.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            // Each file's references are sent to the registry as soon as the file is scanned, not after the whole walk.
            if (CommandContext.Open(parse, terminal, scan, registry, out var context, rewrites: true,
                    startWork: (reads, platform) => file => PinExecutor.StartResolving(reads, platform, PinPlanner.Plan([file]).Targets)) is { } failed) return failed;
            using var _ = context;
            context.PrintFileErrors();

            var resolving = Scanning.PhaseTrace.Start();
            var (targets, planFailures) = PinPlanner.Plan(context.Files);
            var isDryRun = parse.GetValue(dryRun);
            if (!isDryRun) context.RemoveStaleTempFiles();
            context.LetGoOfFiles();
            PinResult result;
            using (var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "resolving"))
                result = await new PinExecutor(context.Registry, context.Platform, progress).RunAsync(targets, planFailures, isDryRun, ct);
            Scanning.PhaseTrace.Add(Scanning.Phase.Resolve, resolving);
            var writing = Scanning.PhaseTrace.Start();

            if (parse.GetValue(format) == ReportFormat.Json)
                ReportWriter.WriteStream(terminal.Out, s => PinReporter.WriteJson(result, isDryRun, context.Report.Errors, s));
            else
                PinReporter.WriteText(result, isDryRun, terminal.Out, terminal.Error);
            terminal.Out.Flush();
            Scanning.PhaseTrace.Add(Scanning.Phase.Output, writing);
            if (result.Failures.Any(f => f.Kind == PinFailureKind.Registry)) return ExitCodes.Registry;
            if (result.Failures.Count > 0 || context.Report.Errors.Count > 0) return ExitCodes.Findings;
            return ExitCodes.Success;
        });
        return command;
    }
}
