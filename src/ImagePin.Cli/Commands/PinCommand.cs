using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Pinning;
using ImagePin.Registry;
using ImagePin.Reporting;
using ImagePin.Scanning;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin pin</c>: resolve mutable references to digests and write them in place.</summary>
internal static class PinCommand
{
    public static Command Create(Terminal terminal)
    {
        var paths = CommonOptions.Paths();
        var format = CommonOptions.Format("text", "json");
        var buildArgs = CommonOptions.BuildArgs();
        var includeIgnored = CommonOptions.IncludeIgnored();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print a unified diff of the changes and write nothing." };
        var registry = new RegistryCommandOptions();
        var command = new Command("pin", "Resolve every tag, latest or untagged image reference to its digest and rewrite the files (image:tag → image:tag@sha256:…).")
        {
            paths, format, buildArgs, includeIgnored, dryRun,
        };
        registry.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, terminal, ct, paths, format, buildArgs, includeIgnored, dryRun, registry));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Terminal terminal, CancellationToken ct, Argument<string[]> paths,
        Option<ReportFormat> format, Option<string[]> buildArgs, Option<bool> includeIgnored, Option<bool> dryRunOption, RegistryCommandOptions registry)
    {
        var reportFormat = parse.GetValue(format);
        if (reportFormat is not (ReportFormat.Text or ReportFormat.Json))
            return CheckCommand.Fail(terminal, "pin supports --format text or json");
        if (!CommonOptions.TryParseBuildArgs(parse.GetValue(buildArgs) ?? [], out var args, out var argError))
            return CheckCommand.Fail(terminal, argError!);
        var configError = registry.TryLoadConfig(parse, terminal, out var config);
        if (configError is not null) return CheckCommand.Fail(terminal, configError);
        var registryError = registry.TryCreate(parse, terminal, config, out var client, out var platform);
        if (registryError is not null) return CheckCommand.Fail(terminal, registryError);

        using var _ = client;
        var options = new ScanOptions(args, parse.GetValue(includeIgnored));
        var (outcome, files) = new CheckRunner(options, terminal.WorkingDirectory).Scan(parse.GetValue(paths) ?? []);
        if (outcome.MissingPaths.Count > 0)
            return CheckCommand.Fail(terminal, string.Join("; ", outcome.MissingPaths.Select(p => $"no such file or folder: {p}")));
        foreach (var e in outcome.Report.Errors)
            terminal.Error.Write($"{e.File}:{e.Line ?? 1}:{e.Column ?? 1}: error: {e.Message}\n");

        var (targets, planFailures) = PinPlanner.Plan(files, args);
        var dryRun = parse.GetValue(dryRunOption);
        PinResult result;
        using (var resolver = new DigestResolver(client!))
        using (var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "resolving"))
        {
            result = await new PinExecutor(resolver, () => client, platform, progress).RunAsync(targets, planFailures, dryRun, options, ct);
        }

        if (reportFormat == ReportFormat.Json)
        {
            using var buffer = new MemoryStream();
            PinReporter.WriteJson(result, dryRun, outcome.Report.Errors, buffer);
            terminal.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
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
