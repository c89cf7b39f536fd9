using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Freshness;
using ImagePin.Scanning;
using ImagePin.Verification;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin verify</c>: the CI gate proving every pin still exists and how far behind its tag it is.</summary>
internal static class VerifyCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var maxAge = new Option<string?>("--max-age")
        {
            Description = "A pin whose tag moved and whose pinned image is older than this (e.g. 30d, 12h, 2w) is an error.",
        };
        var failLevel = CommonOptions.FailLevel();
        var platforms = CommonOptions.Platforms("Platforms the project builds, e.g. linux/arm64: a pin of the only platform built is deliberate, not a platform-pin warning.");
        var registry = new RegistryCommandOptions();
        var command = new Command("verify", "Check every pinned digest against its registry: missing, current, behind its tag, or a single platform's manifest.");
        scan.AddTo(command);
        foreach (var option in new Option[] { format, output, maxAge, failLevel, platforms }) command.Options.Add(option);
        registry.AddTo(command, withPlatform: false);
        command.SetAction(async (parse, ct) =>
        {
            TimeSpan? limit = null;
            if (parse.GetValue(maxAge) is { } text)
            {
                if (!Durations.TryParse(text, out var parsed, out var durationError)) return Usage.Fail(terminal, $"--max-age '{text}': {durationError}");
                limit = parsed;
            }
            if (OutputPath.Check("--output", parse.GetValue(output), terminal) is { } outputError) return Usage.Fail(terminal, outputError);
            IReadOnlyList<ImagePin.Registry.Oci.Platform>? built = null;
            if (parse.GetValue(platforms) is { } platformText)
            {
                if (!ImagePin.Registry.Oci.Platform.TryParseList(platformText, out var list, out var platformError)) return Usage.Fail(terminal, $"--platforms {platformError}");
                built = list;
            }
            if (CommandContext.Open(parse, terminal, scan, registry, out var context) is { } failed) return failed;
            built ??= context.Config.Platforms;
            using var _ = context;
            // Options on the command line win over .imagepin.yaml.
            limit ??= context.Config.MaxAge;
            context.PrintNotes();

            List<Policy.Finding> findings;
            List<Sources.FileError> registryErrors;
            using (var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "verifying pins"))
                (findings, registryErrors) = await new PinVerifier(new PinInspector(context.Registry), limit, DateTimeOffset.UtcNow, progress, context.Policy, built).VerifyAsync(context.Files, ct);
            var report = context.Report with { Findings = findings, Errors = [.. context.Report.Errors, .. registryErrors] };
            var writeError = ReportWriter.Write(report, parse.GetValue(format), terminal, parse.GetValue(output));
            if (writeError is not null) return Usage.Fail(terminal, writeError);
            if (registryErrors.Count > 0) return ExitCodes.Registry;
            return report.Fails(parse.GetValue(failLevel)) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
