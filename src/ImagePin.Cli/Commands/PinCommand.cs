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
            // Each file is planned as soon as it is scanned and its images asked of the registry while the walk goes on;
            // only the plan (what pinning needs) is kept, not the scan's references and findings.
            var planner = new PinPlanner();
            var plans = new System.Collections.Concurrent.ConcurrentQueue<(List<PinTarget> Targets, List<PinFailure> Failures)>();
            if (CommandContext.Open(parse, terminal, scan, registry, out var context, rewrites: true, takeFiles: (reads, platform) => file =>
                {
                    var plan = planner.PlanFiles([file.WithoutText()]);
                    plans.Enqueue(plan);
                    PinExecutor.StartResolving(reads, platform, plan.Targets);
                }) is { } failed) return failed;
            using var _ = context;
            context.PrintFileErrors();

            var resolving = Scanning.PhaseTrace.Start();
            var targets = plans.SelectMany(p => p.Targets).ToList();
            var planFailures = plans.SelectMany(p => p.Failures).ToList();
            plans.Clear();
            var isDryRun = parse.GetValue(dryRun);
            if (!isDryRun) context.RemoveStaleTempFiles();
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
