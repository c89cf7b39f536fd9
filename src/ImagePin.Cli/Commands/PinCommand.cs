using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Pinning;
using ImagePin.Registry;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin pin</c>: resolve mutable references to digests and write them in place.</summary>
internal static class PinCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format("text", "json");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print a unified diff of the changes and write nothing." };
        var registry = new RegistryCommandOptions();
        var command = new Command("pin", "Resolve every tag, latest or untagged image reference to its digest and rewrite the files (image:tag → image:tag@sha256:…).");
        scan.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(dryRun);
        registry.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, terminal, ct, scan, format, dryRun, registry));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Terminal terminal, CancellationToken ct, ScanCommandOptions scan,
        Option<ReportFormat> format, Option<bool> dryRunOption, RegistryCommandOptions registry)
    {
        if (scan.TryParse(parse, out var options) is { } argError) return Usage.Fail(terminal, argError);
        var configError = registry.TryLoadConfig(parse, terminal, out var config);
        if (configError is not null) return Usage.Fail(terminal, configError);
        var registryError = registry.TryCreate(parse, terminal, config, out var client, out var platform);
        if (registryError is not null) return Usage.Fail(terminal, registryError);

        using var _ = client;
        if (scan.TryScan(parse, terminal, options, out var outcome, out var files) is { } pathError) return Usage.Fail(terminal, pathError);
        foreach (var e in outcome.Report.Errors)
            terminal.Error.Write($"{e.File}:{e.Line ?? 1}:{e.Column ?? 1}: error: {e.Message}\n");

        var (targets, planFailures) = PinPlanner.Plan(files, options.BuildArgs);
        var dryRun = parse.GetValue(dryRunOption);
        PinResult result;
        using (var resolver = new DigestResolver(client!))
        using (var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "resolving"))
        {
            result = await new PinExecutor(resolver, () => client, platform, progress).RunAsync(targets, planFailures, dryRun, options, ct);
        }

        if (parse.GetValue(format) == ReportFormat.Json)
        {
            ReportWriter.WriteStream(terminal.Out, s => PinReporter.WriteJson(result, dryRun, outcome.Report.Errors, s));
        }
        else
        {
            PinReporter.WriteText(result, dryRun, terminal.Out, terminal.Error);
        }
        terminal.Out.Flush();
        if (result.Failures.Any(f => f.Kind == PinFailureKind.Registry)) return ExitCodes.Registry;
        if (result.Failures.Count > 0 || outcome.Report.Errors.Count > 0) return ExitCodes.Findings;
        return ExitCodes.Success;
    }
}
