using System.CommandLine;
using ImagePin.Audit.Database;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Cli.Console;
using ImagePin.Registry;
using ImagePin.Resolution;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin db update</c>: fetches the OSV exports audit needs into the cache (or --db), only for the distributions present.</summary>
internal static class DbCommand
{
    public static Command Create(Terminal terminal)
    {
        var command = new Command("db", "The vulnerability data audit reads (OSV exports per distribution).");
        command.Subcommands.Add(Update(terminal));
        return command;
    }

    private static Command Update(Terminal terminal)
    {
        var scan = new ScanCommandOptions();
        var images = new AuditImageOptions();
        var registry = new RegistryCommandOptions();
        var db = new Option<string?>("--db") { Description = "Folder to fill (default: the cache audit reads, see README)." };
        var source = new Option<string?>("--source")
        {
            Description = $"Where the exports are served, laid out as osv.dev's bucket (SOURCE/Debian/all.zip, SOURCE/Debian/modified_id.csv); default {OsvCache.DefaultSource}, or $IMAGEPIN_OSV_SOURCE.",
        };
        var ecosystems = new Option<string[]>("--ecosystem")
        {
            Description = "Distributions to fetch (Debian, Ubuntu, Alpine; repeatable or comma-separated) instead of those found in the pinned images.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("update", "Download or refresh the OSV data of the distributions the pinned images use (conditional and incremental requests).");
        scan.AddTo(command);
        foreach (var option in new Option[] { db, source, ecosystems }) command.Options.Add(option);
        images.AddTo(command);
        registry.AddTo(command, withPlatform: false);
        command.SetAction(async (parse, ct) =>
        {
            var sourceText = parse.GetValue(source) ?? terminal.Environment("IMAGEPIN_OSV_SOURCE") ?? OsvCache.DefaultSource;
            if (!Uri.TryCreate(sourceText.TrimEnd('/') + "/", UriKind.Absolute, out var sourceUri) || sourceUri.Scheme is not ("http" or "https"))
                return Usage.Fail(terminal, $"--source '{sourceText}': not an http(s) URL");
            var families = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var name in (parse.GetValue(ecosystems) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (OsvCache.Family(name) is not { } family)
                    return Usage.Fail(terminal, $"--ecosystem '{name}': use {string.Join(", ", OsvCache.Families)}");
                families.Add(family);
            }
            var folder = parse.GetValue(db) is { } given ? Path.GetFullPath(given, terminal.WorkingDirectory) : OsvCache.DefaultFolder(terminal.Environment, terminal.HomeDirectory);

            if (families.Count == 0)
            {
                if (CommandContext.Open(parse, terminal, scan, registry, out var context) is { } failed) return failed;
                using var _ = context;
                if (images.TryRead(parse, context, out var platforms, out var mode) is { } imageError) return Usage.Fail(terminal, imageError);
                context.PrintFileErrors();
                var auditor = AuditImageOptions.Auditor(context, platforms, mode);
                var pins = context.Files.SelectMany(f => f.References)
                    .Where(r => r.Actions.HasFlag(Policy.ReferenceActions.Verify) && r.Reference is { Digest: not null })
                    .Select(r => ImageKey.Pinned(r.Reference!)).Distinct().ToList();
                var reads = await Task.WhenAll(pins.Select(p => auditor.ReadAsync(p, ct)));
                foreach (var failedRead in reads.Where(r => r.Error is not null))
                    terminal.Error.Write($"imagepin: warning: {failedRead.Pin}: {failedRead.Error}\n");
                foreach (var ecosystem in reads.SelectMany(r => r.Platforms).SelectMany(p => new[] { p.Pinned, p.Current }).Select(i => i?.Ecosystem).OfType<string>())
                    families.Add(OsvEcosystem.Family(ecosystem));
                if (families.Count == 0)
                {
                    terminal.Out.Write("no Debian, Ubuntu or Alpine images among the pinned references: nothing to download (use --ecosystem to choose)\n");
                    return reads.Any(r => r.RegistryFailure) ? ExitCodes.Registry : ExitCodes.Success;
                }
            }

            using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), AutomaticDecompression = System.Net.DecompressionMethods.None })
            {
                Timeout = TimeSpan.FromMinutes(30),
            };
            http.DefaultRequestHeaders.UserAgent.ParseAdd($"imagepin/{ReportWriter.ToolVersion}");
            var downloader = new OsvDownloader(http, sourceUri, folder);
            var status = ExitCodes.Success;
            foreach (var family in families)
            {
                try
                {
                    var sync = await downloader.SyncAsync(family, ct);
                    terminal.Out.Write($"{family}: {Describe(sync)}\n");
                    foreach (var problem in sync.Problems.Take(20)) terminal.Error.Write($"imagepin: warning: {problem}\n");
                }
                catch (Exception e) when (e is OsvDownloadException or IOException or UnauthorizedAccessException)
                {
                    terminal.Error.Write($"imagepin: error: {family}: {e.Message}\n");
                    status = ExitCodes.Registry;
                }
            }
            terminal.Out.Write($"OSV data in {folder}\n");
            return status;
        });
        return command;
    }

    private static string Describe(FamilySync sync) => sync.Kind switch
    {
        SyncKind.Full => $"downloaded all.zip ({sync.Records} records, {sync.BytesDownloaded / 1024.0 / 1024.0:0.0} MiB)",
        SyncKind.Incremental => $"{sync.Records} records updated since the last sync ({sync.BytesDownloaded / 1024.0:0.0} KiB)",
        _ => "up to date",
    };
}
