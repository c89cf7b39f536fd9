using System.CommandLine;
using ImagePin.Audit.Database;
using ImagePin.Audit.Images;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Cli.Console;
using ImagePin.Registry.Oci;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary>The options audit and db update share: which images to read and how.</summary>
internal sealed class AuditImageOptions
{
    public Option<string?> Platforms { get; } = new("--platforms")
    {
        Description = "Platforms to audit in multi-platform pins, e.g. linux/amd64,linux/arm64 (default: the settings' platforms, else linux/amd64).",
    };

    public Option<string> Inventory { get; } = new("--inventory")
    {
        Description = "Where the package list comes from: auto (the image's SBOM attestation when it has one, else its layers) or layers.",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|layers",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Platforms);
        command.Options.Add(Inventory);
    }

    /// <returns>A usage error, else null.</returns>
    public string? TryRead(ParseResult parse, CommandContext context, out IReadOnlyList<Platform> platforms, out InventoryMode mode)
    {
        platforms = [];
        mode = InventoryMode.Auto;
        switch (parse.GetValue(Inventory)?.ToLowerInvariant())
        {
            case "auto": break;
            case "layers": mode = InventoryMode.Layers; break;
            default: return $"--inventory '{parse.GetValue(Inventory)}': use auto or layers";
        }
        if (parse.GetValue(Platforms) is { } text)
        {
            if (!Platform.TryParseList(text, out var list, out var error)) return $"--platforms {error}";
            platforms = list;
        }
        if (platforms.Count == 0) platforms = context.Config.Platforms is { Count: > 0 } configured ? configured : [new Platform("linux", "amd64", null)];
        return null;
    }

    public static PinAuditor Auditor(CommandContext context, IReadOnlyList<Platform> platforms, InventoryMode mode) =>
        new(context.Registry, new InventoryReader(context.Registry, mode), platforms);
}

/// <summary><c>imagepin audit</c>: the OS packages inside every pinned image, their known vulnerabilities, what update would fix.</summary>
internal static class AuditCommand
{
    public static Command Create(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var images = new AuditImageOptions();
        var db = new Option<string?>("--db")
        {
            Description = "Folder of OSV exports (Debian/all.zip, Ubuntu/all.zip, Alpine/all.zip, or those folders unzipped); default: the cache `imagepin db update` fills.",
        };
        var details = new Option<bool>("--details") { Description = "Under each image's line, a table of its findings." };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit 1 when a pinned image has a finding of this severity or worse: critical, high, medium, low, any; `fixable` counts only findings `update` would remediate (combine: high,fixable).",
        };
        var unimportant = new Option<bool>("--include-unimportant") { Description = "Also report findings the distribution rates unimportant (Debian) or negligible (Ubuntu)." };
        var registry = new RegistryCommandOptions();
        var command = new Command("audit", "List the known vulnerabilities of the OS packages inside every pinned image, and how many `update` would remediate.");
        scan.AddTo(command);
        foreach (var option in new Option[] { format, output, db, details, failOn, unimportant }) command.Options.Add(option);
        images.AddTo(command);
        registry.AddTo(command, withPlatform: false);
        command.SetAction(async (parse, ct) =>
        {
            FailOn? threshold = null;
            if (parse.GetValue(failOn) is { } failText && !FailOn.TryParse(failText, out threshold, out var failError))
                return Usage.Fail(terminal, $"--fail-on '{failText}': {failError}");
            if (CommandContext.Open(parse, terminal, scan, registry, out var context) is { } failed) return failed;
            using var _ = context;
            if (images.TryRead(parse, context, out var platforms, out var mode) is { } imageError) return Usage.Fail(terminal, imageError);
            var folder = parse.GetValue(db) is { } given ? Path.GetFullPath(given, terminal.WorkingDirectory) : OsvCache.DefaultFolder(terminal.Environment, terminal.HomeDirectory);
            if (parse.GetValue(db) is not null && !Directory.Exists(folder)) return Usage.Fail(terminal, $"--db: no such folder: {folder}");
            context.PrintNotes();

            AuditReport report;
            try
            {
                using var progress = new ProgressLine(terminal.Error, terminal.ErrorIsTerminal, "auditing pinned images");
                report = await new AuditRunner(AuditImageOptions.Auditor(context, platforms, mode), parse.GetValue(unimportant), progress)
                    .RunAsync(context.Files, (ecosystems, sources) => OsvDatabase.Load(folder, ecosystems, sources), DateTimeOffset.UtcNow, ct);
            }
            catch (OsvFormatException e)
            {
                terminal.Error.Write($"imagepin: error: vulnerability data: {e.Message}\n" +
                    (parse.GetValue(db) is null ? $"imagepin: run `imagepin db update` to fill the cache ({folder}), or pass --db DIR\n" : ""));
                return ExitCodes.VulnerabilityData;
            }
            report = report with { Errors = [.. context.Report.Errors, .. report.Errors] };
            var writeError = Write(report, parse.GetValue(format), parse.GetValue(details), threshold, terminal, parse.GetValue(output));
            if (writeError is not null) return Usage.Fail(terminal, writeError);
            if (report.HasRegistryFailures) return ExitCodes.Registry;
            if (report.HasUnreadableImages) return ExitCodes.NotAudited;
            if (threshold is not null && threshold.Failing(report).Any()) return ExitCodes.Findings;
            return context.Report.Errors.Count > 0 ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    private static string? Write(AuditReport report, ReportFormat format, bool details, FailOn? failOn, Terminal terminal, string? outputPath)
    {
        void Render(TextWriter writer)
        {
            switch (format)
            {
                case ReportFormat.Json:
                    ReportWriter.WriteStream(writer, s => AuditJsonReporter.Write(report, s));
                    break;
                case ReportFormat.Sarif:
                    ReportWriter.WriteStream(writer, s => SarifCheckReporter.Write(AuditFindings.ToScanReport(report, failOn), s, ReportWriter.ToolVersion, RepositoryPaths.For(terminal.WorkingDirectory)));
                    break;
                case ReportFormat.Github:
                    GithubCheckReporter.Write(AuditFindings.ToScanReport(report, failOn), writer, RepositoryPaths.For(terminal.WorkingDirectory));
                    break;
                default:
                    AuditTextReporter.Write(report, writer, details);
                    break;
            }
        }
        return ReportWriter.WriteTo(terminal, outputPath, Render);
    }
}
