using ImagePin.Discovery;
using ImagePin.Policy;
using ImagePin.Sources;

namespace ImagePin.Scanning;

/// <summary>One file as scanned: its document (null when it could not be read) and every reference with its finding, in file order.</summary>
/// <remarks>A class: files are grouped by identity, never by content.</remarks>
internal sealed class ScannedFile(DiscoveredFile file, SourceDocument? document, IReadOnlyList<JudgedReference> references, string? note)
{
    public DiscoveredFile File { get; } = file;
    public SourceDocument? Document { get; } = document;
    public IReadOnlyList<JudgedReference> References { get; } = references;
    public string? Note { get; } = note;

    public IReadOnlyList<FileError> Errors => Document?.Errors ?? ReadErrors;

    public IReadOnlyList<FileError> ReadErrors { get; init; } = [];

    /// <summary>The document's warnings (kept when the document itself is let go).</summary>
    public IReadOnlyList<FileError> Warnings => Document?.Warnings ?? KeptWarnings;

    public IReadOnlyList<FileError> KeptWarnings { get; init; } = [];

    /// <summary>Each reference's finding, in file order (kept when the references themselves are let go).</summary>
    public IReadOnlyList<Finding> Findings
    {
        get
        {
            if (KeptFindings is { } kept) return kept;
            var findings = new Finding[References.Count];
            for (var i = 0; i < findings.Length; i++) findings[i] = References[i].Finding;
            return findings;
        }
    }

    public IReadOnlyList<Finding>? KeptFindings { get; init; }

    /// <summary>The same file without its document (its text): what commands that rewrite nothing keep.</summary>
    public ScannedFile WithoutDocument() =>
        Document is null ? this : new ScannedFile(File, null, References, Note) { ReadErrors = Errors, KeptWarnings = Warnings, KeptFindings = KeptFindings };

    /// <summary>The same file with its document but not the document's text (read again when the file is rewritten).</summary>
    public ScannedFile WithoutText() =>
        Document is null || Document.WithoutText() is var lean && ReferenceEquals(lean, Document) ? this
            : new ScannedFile(File, lean, References, Note) { ReadErrors = ReadErrors, KeptWarnings = KeptWarnings, KeptFindings = KeptFindings };

    /// <summary>The same file with only its errors, warnings and note: what a command that took the rest as the file was scanned keeps.</summary>
    public ScannedFile ErrorsOnly() =>
        KeptFindings is [] && Document is null ? this
            : new ScannedFile(File, null, [], Note) { ReadErrors = Errors, KeptWarnings = Warnings, KeptFindings = [] };

    /// <summary>The same file with only its findings, errors, warnings and note: what a command that only reports keeps.</summary>
    public ScannedFile FindingsOnly() =>
        KeptFindings is not null && Document is null ? this
            : new ScannedFile(File, null, [], Note) { ReadErrors = Errors, KeptWarnings = Warnings, KeptFindings = Findings };
}

/// <param name="Files">Every file a source read, in discovery order.</param>
/// <param name="MissingPaths">Paths given on the command line that do not exist.</param>
internal sealed record ScanResult(IReadOnlyList<ScannedFile> Files, ScanReport Report, IReadOnlyList<string> MissingPaths);

/// <summary>
/// files → the source that claims each → occurrences → classification and policy, in file order; files are
/// read and parsed in parallel. Every command starts here.
/// </summary>
internal sealed class Scanner(SourceCatalog sources, ReferencePolicy policy, ScanOptions options, string workingDirectory)
{
    public ScanResult Scan(IReadOnlyList<string> paths)
    {
        PhaseTrace.AddSinceMain(Phase.Setup);
        var scanStart = PhaseTrace.Start();
        // Files are read and parsed as the walk finds them, by worker threads and then by this one once the walk is done.
        var pipeline = new ScanPipeline(this, Math.Max(1, Environment.ProcessorCount - 1));
        var walkStart = PhaseTrace.Start();
        var discovery = new FileDiscovery(workingDirectory, options.IncludeIgnored, sources.IsCandidate, options.Exclusions, pipeline.Post).Discover(paths);
        PhaseTrace.Add(Phase.Walk, walkStart);
        var all = pipeline.Finish();

        var errors = new List<FileError>(discovery.Errors);
        all.AddRange(ScanRelated(all, errors));

        var scanned = new List<ScannedFile>(all.Count);
        var findings = new List<Finding>();
        var notes = new List<string>();
        var warnings = new List<FileError>();
        var count = 0;
        foreach (var file in all)
        {
            // Commands that rewrite nothing need no file's text once its references are judged: let it go.
            var r = Kept(file);
            scanned.Add(r);
            if (r.KeptFindings is { } kept) findings.AddRange(kept);
            else foreach (var reference in r.References) findings.Add(reference.Finding);
            errors.AddRange(r.Errors);
            warnings.AddRange(r.Warnings);
            if (r.Note is not null) notes.Add(r.Note); else count++;
        }
        PhaseTrace.Add(Phase.Scan, scanStart);
        return new ScanResult(scanned, new ScanReport(findings, errors, notes, count) { Warnings = warnings }, discovery.MissingPaths);
    }

    /// <summary>A walked file scanned on its own (by whichever thread takes it), the result kept for the walk's order.</summary>
    private ScannedFile? ScanWalked(DiscoveredFile file)
    {
        var result = ScanFile(file, null);
        if (result is not null) options.Scanned?.Invoke(result);
        // The text is let go at once unless a command needs it or the file includes others (read after the walk).
        if (result is null || result.Document is { Related.Count: > 0 }) return result;
        return Kept(result);
    }

    /// <summary>What the command needs of a scanned file once its references are judged.</summary>
    private ScannedFile Kept(ScannedFile file) =>
        !options.KeepReferences ? (options.KeepFindings ? file.FindingsOnly() : file.ErrorsOnly())
        : !options.KeepDocuments ? file.WithoutDocument()
        : !options.KeepText ? file.WithoutText()
        : file;

    /// <summary>
    /// The files of a walk, scanned while the walk goes on: the walk posts each file as it finds it into a bounded queue
    /// (so memory holds at most <see cref="Bound"/> unread files), worker threads take them, and the results come out in
    /// the order the walk found them. Workers start only when files wait (one file is read by the walking thread itself).
    /// </summary>
    private sealed class ScanPipeline(Scanner scanner, int maxWorkers)
    {
        public const int Bound = 256;

        private sealed class Slot(DiscoveredFile file)
        {
            public DiscoveredFile File { get; } = file;
            public ScannedFile? Result { get; set; }
        }

        private readonly List<Slot> _slots = [];
        private readonly Queue<Slot> _queue = new();
        private readonly List<Thread> _workers = [];
        private readonly object _gate = new();
        private bool _completed;
        private bool _producerWaiting;
        private int _consumersWaiting;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _failure;

        public void Post(DiscoveredFile file)
        {
            var slot = new Slot(file);
            _slots.Add(slot);
            bool backlog;
            lock (_gate)
            {
                if (_queue.Count >= Bound)
                {
                    var waiting = PhaseTrace.Start();
                    while (_queue.Count >= Bound)
                    {
                        _producerWaiting = true;
                        Monitor.Wait(_gate);
                    }
                    PhaseTrace.Add(Phase.QueueFull, waiting);
                }
                backlog = _queue.Count > _workers.Count;
                _queue.Enqueue(slot);
                if (_consumersWaiting > 0) Monitor.PulseAll(_gate);
            }
            if (backlog && _workers.Count < maxWorkers)
            {
                var worker = new Thread(Work) { IsBackground = true, Name = "imagepin scan" };
                _workers.Add(worker);
                worker.Start();
            }
        }

        /// <summary>Ends the walk: this thread scans what is left, waits for the workers, and returns the results in walk order.</summary>
        public List<ScannedFile> Finish()
        {
            lock (_gate)
            {
                _completed = true;
                Monitor.PulseAll(_gate);
            }
            Work();
            foreach (var worker in _workers) worker.Join();
            _failure?.Throw();
            var results = new List<ScannedFile>(_slots.Count);
            foreach (var slot in _slots)
                if (slot.Result is { } result) results.Add(result);
            return results;
        }

        private void Work()
        {
            try
            {
                while (Take() is { } slot) slot.Result = scanner.ScanWalked(slot.File);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                    // Nothing more is scanned: the run reports the failure.
                    _queue.Clear();
                    _completed = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private Slot? Take()
        {
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (_completed) return null;
                    _consumersWaiting++;
                    Monitor.Wait(_gate);
                    _consumersWaiting--;
                }
                var slot = _queue.Dequeue();
                if (_producerWaiting && _queue.Count <= Bound / 2)
                {
                    _producerWaiting = false;
                    Monitor.PulseAll(_gate);
                }
                return slot;
            }
        }
    }

    /// <summary>
    /// The files the scanned documents pull in (GitLab CI local includes, Compose <c>extends.file</c>), round after
    /// round (their own includes too), each read once by the source that named it; a file the walk already read
    /// keeps that reading. Bounded by <see cref="ScanOptions.MaxRelatedDepth"/> and <see cref="ScanOptions.MaxRelatedFiles"/>:
    /// what lies beyond is a located error of the including file.
    /// </summary>
    private List<ScannedFile> ScanRelated(List<ScannedFile> scanned, List<FileError> errors)
    {
        var read = new HashSet<string>(scanned.Select(f => f.File.FullPath), StringComparer.Ordinal);
        var added = new List<ScannedFile>();
        var round = scanned;
        for (var depth = 1; round.Count > 0; depth++)
        {
            var wanted = new List<(DiscoveredFile File, ISource Reader)>();
            foreach (var including in round)
            {
                foreach (var related in including.Document?.Related ?? [])
                {
                    if (read.Contains(related.FullPath)) continue;
                    var why = depth > options.MaxRelatedDepth ? $"more than {options.MaxRelatedDepth} files deep"
                        : added.Count + wanted.Count >= options.MaxRelatedFiles ? $"more than {options.MaxRelatedFiles} included files in one run"
                        : null;
                    var display = FileDiscovery.DisplayPathOf(workingDirectory, related.FullPath);
                    if (why is not null)
                    {
                        errors.Add(new FileError(including.File.DisplayPath, related.Line, related.Column, $"{display} is not read: includes go {why}"));
                        continue;
                    }
                    read.Add(related.FullPath);
                    wanted.Add((new DiscoveredFile(related.FullPath, display, Explicit: false), related.Reader));
                }
            }
            var next = new ScannedFile?[wanted.Count];
            Parallel.For(0, wanted.Count, i =>
            {
                next[i] = ScanFile(wanted[i].File, wanted[i].Reader);
                if (next[i] is { } scanned) options.Scanned?.Invoke(scanned);
            });
            round = next.OfType<ScannedFile>().ToList();
            added.AddRange(round);
        }
        return added;
    }

    /// <param name="reader">The source that must read the file (an included file), or null to choose one by name and content.</param>
    /// <returns>Null when no source claims the file.</returns>
    private ScannedFile? ScanFile(DiscoveredFile file, ISource? reader)
    {
        var readStart = PhaseTrace.Start();
        byte[]? pooled = null;
        ReadOnlySpan<byte> bytes;
        try
        {
            if (file.IsStandardInput)
            {
                if (ReadStandardInput() is not { } input)
                    return Failed(file, new FileError(file.DisplayPath, null, null, $"standard input is larger than the {options.MaxFileBytes:N0}-byte limit for a file to scan"));
                bytes = input;
            }
            else
            {
                switch (FileReads.TryRead(file.FullPath, options.MaxFileBytes, out pooled, out var length, out var special))
                {
                    case ReadOutcome.Read:
                        bytes = pooled.AsSpan(0, (int)length);
                        break;
                    case ReadOutcome.TooLarge:
                        return TooLarge(file, reader, length);
                    case ReadOutcome.NotRegular:
                        return NotRegular(file, special!);
                    default:
                        if (ReadPortably(file, reader, out var read) is { } done) return done.File;
                        bytes = read;
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(file, new FileError(file.DisplayPath, null, null, $"cannot read this file: {IoErrors.Describe(e)}"));
        }
        string text;
        bool hasBom;
        try
        {
            if (LooksBinary(bytes))
                return Skipped(file, $"{file.DisplayPath}: skipped, binary content (NUL bytes), not a text file to scan");
            (text, hasBom) = SourceDecoder.Decode(bytes);
        }
        finally
        {
            if (pooled is not null) System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        }
        PhaseTrace.Add(Phase.Read, readStart);
        if ((reader ?? sources.Choose(file, text)) is not { } source) return null;
        try
        {
            var parseStart = PhaseTrace.Start();
            var document = source.Read(file, text, hasBom);
            PhaseTrace.Add(Phase.Parse, parseStart);
            var judgeStart = PhaseTrace.Start();
            var references = new JudgedReference[document.Occurrences.Count];
            for (var i = 0; i < references.Length; i++)
                references[i] = policy.Judge(file.DisplayPath, source.Kind, document.Occurrences[i], file.IsStandardInput ? null : file.FullPath) with { Index = i };
            PhaseTrace.Add(Phase.Judge, judgeStart);
            return new ScannedFile(file, document, references, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must cost one file, located and reported, not the whole run.
            return Failed(file, new FileError(file.DisplayPath, null, null, $"internal error while reading this file ({e.GetType().Name}: {e.Message}); please report it"));
        }
    }

    /// <summary>
    /// The portable read (any platform, and whatever the fast path left: a file it could not open, a socket): a stat for
    /// the size and type, then .NET's whole-file read.
    /// </summary>
    /// <returns>The result for the file when it is not to be parsed (too large, not a regular file), else null with <paramref name="bytes"/> set.</returns>
    private Outcome? ReadPortably(DiscoveredFile file, ISource? reader, out byte[] bytes)
    {
        bytes = [];
        var length = new FileInfo(file.FullPath).Length;
        if (length > options.MaxFileBytes) return new(TooLarge(file, reader, length));
        // Zero length covers empty files and also FIFOs and devices, which would block or never end a read.
        if (length == 0 && Discovery.UnixFileType.DescribeSpecial(file.FullPath) is { } special) return new(NotRegular(file, special));
        bytes = length == 0 ? [] : File.ReadAllBytes(file.FullPath);
        return null;
    }

    private readonly record struct Outcome(ScannedFile? File);

    private ScannedFile? TooLarge(DiscoveredFile file, ISource? reader, long length)
    {
        // A file named on the command line must be read: not being able to is an error, not a note.
        if (file.Explicit)
            return Failed(file, new FileError(file.DisplayPath, null, null, $"{length:N0} bytes is larger than the {options.MaxFileBytes:N0}-byte limit for a file to scan; it was not read"));
        // A large YAML file that no name claims (an OpenAPI spec, a data file) is passed over quietly unless
        // its start says it is a manifest.
        if (reader is null && !sources.ClaimedByName(file) && sources.Choose(file, ReadHead(file.FullPath)) is null) return null;
        return Skipped(file, $"{file.DisplayPath}: skipped, {length:N0} bytes is larger than the {options.MaxFileBytes:N0}-byte limit for a file to scan");
    }

    private static ScannedFile NotRegular(DiscoveredFile file, string special) =>
        file.Explicit
            ? Failed(file, new FileError(file.DisplayPath, null, null, $"not a regular file but {special}; imagepin reads files (give `-` to read standard input)"))
            : Skipped(file, $"{file.DisplayPath}: skipped, {special}, not a regular file");

    /// <returns>Null when there is more than the size limit.</returns>
    private byte[]? ReadStandardInput()
    {
        if (options.StandardInput is null) return [];
        using var input = options.StandardInput();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk)) > 0)
        {
            if (buffer.Length + read > options.MaxFileBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The first 64 KiB of a file, decoded, for a source to recognise it by content.</summary>
    private static string ReadHead(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return SourceDecoder.Decode(buffer.AsSpan(0, read)).Text;
    }

    private static ScannedFile Skipped(DiscoveredFile file, string note) => new(file, null, [], note);

    private static ScannedFile Failed(DiscoveredFile file, FileError error) => new(file, null, [], null) { ReadErrors = [error] };

    private static bool LooksBinary(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, 8000)].IndexOf((byte)0) >= 0;
}
