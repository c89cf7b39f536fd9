using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Freshness;
using ImagePin.Pinning;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Reporting;
using ImagePin.Updating;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin update</c>: move tag@digest pins to the tag's current digest, without noise.</summary>
internal static class UpdateCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format("text", "json");
        var dryRun = CommonOptions.DryRun();
        var pin = new Option<bool>("--pin") { Description = "Also pin references that have a tag but no digest yet (as `imagepin pin` does)." };
        var platforms = CommonOptions.Platforms("Platforms the project builds, e.g. linux/amd64,linux/arm64: an index whose manifests for these are unchanged is not updated.");
        var minAge = new Option<string?>("--min-age")
        {
            Description = "Cool-down: adopt a new digest only once its image is at least this old (e.g. 3d, 12h, 2w).",
        };
        var summary = new Option<string?>("--summary-md") { Description = "Write a Markdown summary of the changes (a pull-request body) to this file." };
        var registry = new RegistryCommandOptions();
        var command = new Command("update", "Refresh tag@digest pins whose tag has moved, replacing only the digest.");
        scan.AddTo(command);
        foreach (var option in new Option[] { format, dryRun, pin, platforms, minAge, summary }) command.Options.Add(option);
        registry.AddTo(command, withPlatform: false);
        command.SetAction(async (parse, ct) =>
        {
            TimeSpan? cooldown = null;
            if (parse.GetValue(minAge) is { } ageText)
            {
                if (!Durations.TryParse(ageText, out var parsed, out var ageError)) return Usage.Fail(terminal, $"--min-age '{ageText}': {ageError}");
                cooldown = parsed;
            }
            IReadOnlyList<Platform>? built = null;
            if (parse.GetValue(platforms) is { } platformText)
            {
                if (!Platform.TryParseList(platformText, out var list, out var platformError)) return Usage.Fail(terminal, $"--platforms {platformError}");
                built = list;
            }
            if (OutputPath.Check("--summary-md", parse.GetValue(summary), terminal) is { } outputError) return Usage.Fail(terminal, outputError);
            if (CommandContext.Open(parse, terminal, scan, registry, out var context, rewrites: true) is { } failed) return failed;
            using var _ = context;
            // Options on the command line win over .imagepin.yaml.
            cooldown ??= context.Config.MinAge;
            built ??= context.Config.Platforms;
            context.PrintFileErrors();

            var isDryRun = parse.GetValue(dryRun);
            if (!isDryRun) context.RemoveStaleTempFiles();
            var files = context.Files;
            PinResult? pinned = null;
            if (parse.GetValue(pin))
            {
                var (targets, planFailures) = PinPlanner.Plan(files);
                pinned = await new PinExecutor(context.Registry, null).RunAsync(targets, planFailures, isDryRun, ct);
                // The pins are in the files now: read them again so update sees them as pinned.
                if (!isDryRun && CommandContext.Open(parse, terminal, scan, null, out var rescanned, rewrites: true, rescan: true) is null)
                    using (rescanned) files = rescanned.Files;
            }

            using var hub = new HttpClient();
            var planner = new UpdatePlanner(context.Registry, built, cooldown,
                pushTimes: cooldown is null ? null : new DockerHubPushTimes(hub, TimeSpan.FromSeconds(5)));
            UpdateResult result;
            using (var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "checking pins"))
                result = await new UpdateRunner(planner, progress).RunAsync(files, isDryRun, ct);

            if (parse.GetValue(format) == ReportFormat.Json)
            {
                ReportWriter.WriteStream(terminal.Out, s => UpdateReporter.WriteJson(result, pinned, isDryRun, context.Report.Errors, s));
            }
            else
            {
                if (pinned is not null) PinReporter.WriteText(pinned, isDryRun, terminal.Out, terminal.Error);
                UpdateReporter.WriteText(result, isDryRun, terminal.Out, terminal.Error);
            }
            terminal.Out.Flush();
            if (parse.GetValue(summary) is { } summaryPath)
            {
                try { File.WriteAllText(Path.GetFullPath(summaryPath, terminal.WorkingDirectory), UpdateReporter.Markdown(result, pinned)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Usage.Fail(terminal, $"cannot write {summaryPath}: {e.Message}"); }
            }

            var registryFailed = result.Notices.Any(n => n.Kind == UpdateOutcomeKind.RegistryFailure)
                                 || (pinned?.Failures.Any(f => f.Kind == PinFailureKind.Registry) ?? false);
            if (registryFailed) return ExitCodes.Registry;
            if (result.Notices.Any(n => n.Kind is UpdateOutcomeKind.NotRewritable or UpdateOutcomeKind.NotFound) || (pinned?.Failures.Count ?? 0) > 0 || context.Report.Errors.Count > 0)
                return ExitCodes.Findings;
            return ExitCodes.Success;
        });
        return command;
    }
}
