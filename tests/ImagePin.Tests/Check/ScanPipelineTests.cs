using ImagePin.Discovery;
using ImagePin.Policy;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Check;

/// <summary>
/// The scan reads and parses files while the walk goes on (a bounded queue, worker threads), lists folders with
/// getdents64 and reads files in four system calls: none of it may change what is found, in what order, or what a
/// file that cannot be read is called.
/// </summary>
public sealed class ScanPipelineTests
{
    private static ScanResult Scan(string root, ScanOptions? options = null, params string[] paths) =>
        new Scanner(SourceCatalog.Create(new Dictionary<string, string>()), ReferencePolicy.Default, options ?? ScanOptions.Default, root).Scan(paths);

    /// <summary>The walk's order, worked out independently: depth first, each folder's entries in ordinal name order.</summary>
    private static List<string> ExpectedOrder(string root)
    {
        var files = new List<string>();
        void Visit(string folder)
        {
            var entries = Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).ToList();
            entries.Sort(string.CompareOrdinal);
            foreach (var name in entries)
            {
                var full = Path.Combine(folder, name!);
                if (Directory.Exists(full)) Visit(full);
                else if (name == "Dockerfile" || name!.EndsWith(".Dockerfile", StringComparison.Ordinal)) files.Add(Path.GetRelativePath(root, full).Replace('\\', '/'));
            }
        }
        Visit(root);
        return files;
    }

    [Fact]
    public void Files_scanned_while_the_walk_goes_on_come_out_in_walk_order()
    {
        using var tree = new TempTree();
        // More files than the queue holds (256), in folders whose names sort differently by culture and by ordinal,
        // and of very different sizes, so that workers finish them out of order.
        string[] names = ["B", "a", "a-b", "a.b", "a_b", "Z", "é", "10", "9"];
        var k = 0;
        foreach (var top in names)
            for (var i = 0; i < 70; i++, k++)
            {
                var body = $"FROM registry.example/app-{k}:1\n" + (k % 7 == 0 ? string.Concat(Enumerable.Repeat("RUN echo padding padding padding \\\n  && true\n", 2000)) : "");
                tree.Write($"{top}/svc-{i:D2}/Dockerfile", body);
                if (i % 10 == 0) tree.Write($"{top}/svc-{i:D2}/x.Dockerfile", $"FROM registry.example/extra-{k}:2\n");
            }

        var scan = Scan(tree.Root);

        var expected = ExpectedOrder(tree.Root);
        Assert.True(expected.Count > 600);
        Assert.Equal(expected, scan.Files.Select(f => f.File.DisplayPath).ToList());
        // Findings follow the files' order, one per file here.
        Assert.Equal(expected, scan.Report.Findings.Select(f => f.File).ToList());
        Assert.Equal(expected.Count, scan.Report.FilesScanned);
    }

    [Fact]
    public void A_scan_that_keeps_no_documents_lets_them_go_but_keeps_errors_and_warnings()
    {
        using var tree = new TempTree()
            .Write("a/Dockerfile", "# imagepin:ignroe typo\nFROM alpine:3\n")
            .Write("b/Dockerfile", "FROM alpine:3\nFROMM x\n");

        var kept = Scan(tree.Root);
        var dropped = Scan(tree.Root, ScanOptions.Default with { KeepDocuments = false });

        Assert.All(kept.Files, f => Assert.NotNull(f.Document));
        Assert.All(dropped.Files, f => Assert.Null(f.Document));
        Assert.Equal(kept.Report.Errors.Select(e => (e.File, e.Line, e.Message)), dropped.Report.Errors.Select(e => (e.File, e.Line, e.Message)));
        Assert.Equal(kept.Report.Warnings.Select(e => (e.File, e.Line, e.Message)), dropped.Report.Warnings.Select(e => (e.File, e.Line, e.Message)));
        Assert.Single(dropped.Report.Warnings);
        Assert.Single(dropped.Report.Errors);
    }

    [Fact]
    public void A_report_only_scan_keeps_the_same_report_without_the_references()
    {
        using var tree = new TempTree()
            .Write("a/Dockerfile", "ARG BASE=alpine:3\nFROM $BASE AS build\nFROM build\nCOPY --from=busybox:1 /x /y\n")
            .Write("b/Dockerfile", "# imagepin:ignore\nFROM node\nFROMM x\n")
            .Write("c/Dockerfile", "");

        var full = Scan(tree.Root);
        var reportOnly = Scan(tree.Root, ScanOptions.Default with { KeepReferences = false });

        Assert.Equal(full.Report.Findings, reportOnly.Report.Findings);
        Assert.Equal(full.Report.Errors, reportOnly.Report.Errors);
        Assert.Equal(full.Report.Warnings, reportOnly.Report.Warnings);
        Assert.Equal(full.Report.FilesScanned, reportOnly.Report.FilesScanned);
        Assert.Equal(full.Files.Select(f => f.File.DisplayPath), reportOnly.Files.Select(f => f.File.DisplayPath));
        Assert.All(reportOnly.Files, f => Assert.Empty(f.References));
        Assert.All(reportOnly.Files, f => Assert.Null(f.Document));
        Assert.Equal(full.Files.Select(f => f.Findings.Count), reportOnly.Files.Select(f => f.Findings.Count));
    }

    [Fact]
    public void The_size_limit_holds_to_the_byte_for_walked_and_named_files()
    {
        const int limit = 100;
        var line = "FROM alpine:3\n";
        var fits = line + new string('#', limit - line.Length - 1) + "\n";
        var over = fits + "#";
        using var tree = new TempTree().Write("fits/Dockerfile", fits).Write("over/Dockerfile", over);
        Assert.Equal(limit, new FileInfo(tree.PathOf("fits/Dockerfile")).Length);
        var options = ScanOptions.Default with { MaxFileBytes = limit };

        var walked = Scan(tree.Root, options);
        Assert.Equal(["fits/Dockerfile"], walked.Report.Findings.Select(f => f.File));
        Assert.Equal(["over/Dockerfile: skipped, 101 bytes is larger than the 100-byte limit for a file to scan"], walked.Report.Notes);

        var named = Scan(tree.Root, options, "over/Dockerfile");
        var error = Assert.Single(named.Report.Errors);
        Assert.Equal("101 bytes is larger than the 100-byte limit for a file to scan; it was not read", error.Message);
    }

    [Fact]
    public void The_size_limit_holds_to_the_byte_for_standard_input_read_in_pieces()
    {
        // Standard input has no length to ask for: it is counted as it comes, here in pieces smaller than the limit.
        const int limit = 100_000;
        var line = "FROM alpine:3\n";
        var comment = new string('#', 99) + "\n"; // a Dockerfile line may not pass 64 KiB
        var fits = line + string.Concat(Enumerable.Repeat(comment, (limit - line.Length) / 100)) + new string('#', (limit - line.Length) % 100);
        Assert.Equal(limit, fits.Length);
        using var tree = new TempTree();
        ScanResult Read(string text) => Scan(tree.Root, ScanOptions.Default with
        {
            MaxFileBytes = limit,
            StandardInput = () => new TrickleStream(System.Text.Encoding.UTF8.GetBytes(text), 7_000),
        }, "-");

        var whole = Read(fits);
        Assert.Empty(whole.Report.Errors);
        Assert.Equal("alpine:3", Assert.Single(whole.Report.Findings).Text);

        var over = Read(fits + "#");
        var error = Assert.Single(over.Report.Errors);
        Assert.Equal("-", error.File);
        Assert.Equal("standard input is larger than the 100,000-byte limit for a file to scan", error.Message);
        Assert.Empty(over.Report.Findings);
    }

    /// <summary>A pipe's way of reading: at most <paramref name="piece"/> bytes per call.</summary>
    private sealed class TrickleStream(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);
    }

    [Fact]
    public void Files_of_every_size_around_page_and_buffer_boundaries_are_read_whole()
    {
        using var tree = new TempTree().Write("empty/Dockerfile", "");
        int[] sizes = [40, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20];
        const string first = "FROM alpine:3\n", last = "FROM busybox:1\n";
        foreach (var size in sizes)
        {
            // Comment lines of 100 characters (a Dockerfile line may not pass 64 KiB), the last one cut to fit.
            var filler = new System.Text.StringBuilder();
            for (var left = size - first.Length - last.Length; left > 0; left -= Math.Min(left, 100))
                filler.Append('#', Math.Min(left, 100) - 1).Append('\n');
            tree.Write($"s{size:D8}/Dockerfile", first + filler + last);
        }

        var scan = Scan(tree.Root);

        // The last line names an image: found only when the whole file was read.
        foreach (var size in sizes)
        {
            Assert.Equal(size, new FileInfo(tree.PathOf($"s{size:D8}/Dockerfile")).Length);
            Assert.Contains(scan.Report.Findings, f => f.File == $"s{size:D8}/Dockerfile" && f.Text == "busybox:1");
        }
        Assert.Contains(scan.Report.Errors, e => e.File == "empty/Dockerfile" && e.Message == "file with no instructions");
    }

    [Fact]
    public void A_folder_listing_is_sorted_ordinally_and_tells_links_to_folders_from_files()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tree = new TempTree().Write("b/Dockerfile", "FROM a\n").Write("B.txt", "").Write("a/Dockerfile", "FROM a\n");
        File.CreateSymbolicLink(tree.PathOf("link-to-a"), tree.PathOf("a"));
        File.CreateSymbolicLink(tree.PathOf("link-to-file"), tree.PathOf("B.txt"));
        File.CreateSymbolicLink(tree.PathOf("dangling"), tree.PathOf("nowhere"));

        var entries = DirectoryListing.Read(tree.Root);

        Assert.Equal(["B.txt", "a", "b", "dangling", "link-to-a", "link-to-file"], entries.Select(e => e.Name));
        Assert.Equal(
            [EntryKind.File, EntryKind.Directory, EntryKind.Directory, EntryKind.File, EntryKind.LinkedDirectory, EntryKind.File],
            entries.Select(e => e.Kind));
        // Only what readdir says is a regular file may be opened without a look first.
        Assert.True(entries.Single(e => e.Name == "B.txt").Regular || !OperatingSystem.IsLinux());
        Assert.False(entries.Single(e => e.Name == "link-to-file").Regular);
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_is_reported_as_before()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3\n");
        var missing = tree.PathOf("gone");
        var e = Assert.ThrowsAny<IOException>(() => DirectoryListing.Read(missing));
        Assert.Equal("it does not exist (a dangling symbolic link, or removed while imagepin ran)", IoErrors.Describe(e));
    }

    [Fact]
    public void The_phase_trace_is_off_unless_asked_for()
    {
        if (Environment.GetEnvironmentVariable(PhaseTrace.Variable) is { Length: > 0 }) return;
        Assert.False(PhaseTrace.Enabled);
        var error = new StringWriter();
        PhaseTrace.Report(error);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Each_scanned_file_is_handed_over_once_with_its_judged_references_before_its_document_is_let_go()
    {
        using var tree = new TempTree();
        for (var i = 0; i < 600; i++)
            tree.Write($"svc-{i:D3}/Dockerfile", $"FROM registry.example/app-{i}:1\nFROM scratch\n");
        tree.Write("named/Dockerfile", "FROM alpine:3.20\n");
        var handed = new System.Collections.Concurrent.ConcurrentBag<(string File, int References, bool HasDocument)>();
        var options = ScanOptions.Default with
        {
            KeepDocuments = false,
            Scanned = f => handed.Add((f.File.DisplayPath, f.References.Count, f.Document is not null)),
        };

        var scan = Scan(tree.Root, options, ".", "named/Dockerfile");

        // Every file once, named or walked, with its references judged and its document still there (let go only after).
        Assert.Equal(scan.Files.Select(f => f.File.DisplayPath).Order(StringComparer.Ordinal), handed.Select(h => h.File).Order(StringComparer.Ordinal));
        Assert.All(handed, h => Assert.True(h.References == (h.File == "named/Dockerfile" ? 1 : 2) && h.HasDocument, h.File));
        Assert.All(scan.Files, f => Assert.Null(f.Document));
    }

    [Fact]
    public void A_command_that_takes_each_file_as_scanned_gets_included_files_too_and_the_scan_keeps_only_errors()
    {
        using var tree = new TempTree()
            .Write("svc/Dockerfile", "FROM alpine:3.20\nFROM busybox\n")
            .Write("broken/Dockerfile", "FROM\n")
            .Write("app/compose.yaml", "services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n")
            .Write("app/common.yaml", "services:\n  base:\n    image: redis:7\n");
        var taken = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var options = ScanOptions.Default with
        {
            KeepReferences = false, KeepFindings = false,
            Scanned = f => Assert.True(taken.TryAdd(f.File.DisplayPath, f.References.Count), $"{f.File.DisplayPath} handed over twice"),
        };

        var scan = Scan(tree.Root, options);

        Assert.Equal(2, taken["svc/Dockerfile"]);
        Assert.Equal(1, taken["app/common.yaml"]);
        Assert.True(taken.ContainsKey("app/compose.yaml"));
        Assert.Empty(scan.Report.Findings);
        Assert.All(scan.Files, f => Assert.True(f.Document is null && f.References.Count == 0 && f.Findings.Count == 0, f.File.DisplayPath));
        Assert.Contains(scan.Report.Errors, e => e.File == "broken/Dockerfile");
        Assert.Contains(scan.Files, f => f.File.DisplayPath == "broken/Dockerfile" && f.Errors.Count == 1);
    }
}
