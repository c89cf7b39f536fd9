using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Findings;
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
        var registry = new RegistryCommandOptions();
        var command = new Command("verify", "Check every pinned digest against its registry: missing, current, behind its tag, or a single platform's manifest.");
        scan.AddTo(command);
        foreach (var option in new Option[] { format, output, maxAge }) command.Options.Add(option);
        registry.AddTo(command, withPlatform: false);
        command.SetAction(async (parse, ct) =>
        {
            TimeSpan? limit = null;
            if (parse.GetValue(maxAge) is { } text)
            {
                if (!Durations.TryParse(text, out var parsed, out var durationError)) return Usage.Fail(terminal, $"--max-age '{text}': {durationError}");
                limit = parsed;
            }
            if (scan.TryParse(parse, out var options) is { } argError) return Usage.Fail(terminal, argError);
            var configError = registry.TryLoadConfig(parse, terminal, out var config);
            if (configError is not null) return Usage.Fail(terminal, configError);
            var registryError = registry.TryCreate(parse, terminal, config, out var client, out _);
            if (registryError is not null) return Usage.Fail(terminal, registryError);
            limit ??= config.MaxAge;
            using var registryClient = client;

            if (scan.TryScan(parse, terminal, options, out var outcome, out var files) is { } pathError) return Usage.Fail(terminal, pathError);
            foreach (var note in outcome.Report.Notes) terminal.Error.Write($"note: {note}\n");

            List<Finding> findings;
            List<FileError> registryErrors;
            using (var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "verifying pins"))
            {
                var verifier = new PinVerifier(new PinInspector(new RegistryContent(client!)), limit, DateTimeOffset.UtcNow, progress);
                (findings, registryErrors) = await verifier.VerifyAsync(files, ct);
            }
            var report = new CheckReport(findings, [.. outcome.Report.Errors, .. registryErrors], outcome.Report.Notes, outcome.Report.FilesScanned);
            var writeError = ReportWriter.Write(report, parse.GetValue(format), terminal, parse.GetValue(output));
            if (writeError is not null) return Usage.Fail(terminal, writeError);
            if (registryErrors.Count > 0) return ExitCodes.Registry;
            return report.HasErrors ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
