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
        var walkStart = PhaseTrace.Start();
        var discovery = new FileDiscovery(workingDirectory, options.IncludeIgnored, sources.IsCandidate, options.Exclusions).Discover(paths);
        PhaseTrace.Add(Phase.Walk, walkStart);
        var files = discovery.Files;
        var results = new ScannedFile?[files.Count];
        Parallel.For(0, files.Count, i => results[i] = ScanFile(files[i], null));

        var errors = new List<FileError>(discovery.Errors);
        var all = results.OfType<ScannedFile>().ToList();
        all.AddRange(ScanRelated(all, errors));

        var scanned = new List<ScannedFile>(all.Count);
        var findings = new List<Finding>();
        var notes = new List<string>();
        var warnings = new List<FileError>();
        var count = 0;
        foreach (var r in all)
        {
            // Commands that rewrite nothing need no file's text once its references are judged: let it go.
            scanned.Add(options.KeepDocuments || r.Document is null ? r
                : new ScannedFile(r.File, null, r.References, r.Note) { ReadErrors = r.Errors });
            foreach (var reference in r.References) findings.Add(reference.Finding);
            errors.AddRange(r.Errors);
            if (r.Document is { } document) warnings.AddRange(document.Warnings);
            if (r.Note is not null) notes.Add(r.Note); else count++;
        }
        PhaseTrace.Add(Phase.Scan, scanStart);
        return new ScanResult(scanned, new ScanReport(findings, errors, notes, count) { Warnings = warnings }, discovery.MissingPaths);
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
            Parallel.For(0, wanted.Count, i => next[i] = ScanFile(wanted[i].File, wanted[i].Reader));
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
        byte[] bytes;
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
                var length = new FileInfo(file.FullPath).Length;
                // A file named on the command line must be read: not being able to is an error, not a note.
                if (length > options.MaxFileBytes && file.Explicit)
                    return Failed(file, new FileError(file.DisplayPath, null, null, $"{length:N0} bytes is larger than the {options.MaxFileBytes:N0}-byte limit for a file to scan; it was not read"));
                if (length > options.MaxFileBytes)
                {
                    // A large YAML file that no name claims (an OpenAPI spec, a data file) is passed over quietly unless
                    // its start says it is a manifest.
                    if (reader is null && !sources.ClaimedByName(file) && sources.Choose(file, ReadHead(file.FullPath)) is null) return null;
                    return Skipped(file, $"{file.DisplayPath}: skipped, {length:N0} bytes is larger than the {options.MaxFileBytes:N0}-byte limit for a file to scan");
                }
                // Zero length covers empty files and also FIFOs and devices, which would block or never end a read.
                if (length == 0 && Discovery.UnixFileType.DescribeSpecial(file.FullPath) is { } special)
                    return file.Explicit
                        ? Failed(file, new FileError(file.DisplayPath, null, null, $"not a regular file but {special}; imagepin reads files (give `-` to read standard input)"))
                        : Skipped(file, $"{file.DisplayPath}: skipped, {special}, not a regular file");
                bytes = length == 0 ? [] : File.ReadAllBytes(file.FullPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(file, new FileError(file.DisplayPath, null, null, $"cannot read this file: {IoErrors.Describe(e)}"));
        }
        if (LooksBinary(bytes))
            return Skipped(file, $"{file.DisplayPath}: skipped, binary content (NUL bytes), not a text file to scan");
        var (text, hasBom) = SourceDecoder.Decode(bytes);
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

    private static bool LooksBinary(byte[] bytes) => bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).IndexOf((byte)0) >= 0;
}
