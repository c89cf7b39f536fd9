using ImagePin.Findings;
using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles;

namespace ImagePin.Scanning;

/// <summary>files → per-file source → findings, in file order; files are read and parsed in parallel.</summary>
internal sealed class CheckRunner(ScanOptions options, string workingDirectory)
{
    /// <summary>The report, and each file's occurrences and text (for commands that rewrite or ask registries).</summary>
    public (CheckOutcome Outcome, IReadOnlyList<FileScanResult> Files) Scan(IReadOnlyList<string> paths)
    {
        var discovery = new FileDiscovery(workingDirectory, options.IncludeIgnored).Discover(paths);
        var files = discovery.Files;
        var results = new FileScanResult[files.Count];
        Parallel.For(0, files.Count, i => results[i] = ScanFile(files[i]));

        var findings = new List<Finding>();
        var errors = new List<FileError>();
        var notes = new List<string>();
        var scanned = 0;
        foreach (var r in results)
        {
            findings.AddRange(r.Findings);
            if (r.Error is not null) errors.Add(r.Error);
            if (r.ValidationError is not null) errors.Add(r.ValidationError);
            if (r.Note is not null) notes.Add(r.Note); else scanned++;
        }
        return (new CheckOutcome(new CheckReport(findings, errors, notes, scanned), discovery.MissingPaths), results);
    }

    private FileScanResult ScanFile(DiscoveredFile file)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(file.FullPath).Length;
            if (length > options.MaxFileBytes)
                return FileScanResult.Skipped($"{file.DisplayPath}: skipped, {length:N0} bytes is larger than the {options.MaxFileBytes:N0}-byte limit for a Dockerfile");
            // Zero length covers empty files and also FIFOs and devices, which would block or never end a read.
            bytes = length == 0 ? [] : File.ReadAllBytes(file.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileScanResult.Failed(new FileError(file.DisplayPath, null, null, $"cannot read file: {e.Message}"));
        }
        if (LooksBinary(bytes))
            return FileScanResult.Skipped($"{file.DisplayPath}: skipped, binary content (NUL bytes) is not a Dockerfile");
        try
        {
            return DockerfileReferenceSource.Scan(file.DisplayPath, bytes, options) with { FullPath = file.FullPath };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must cost one file, located and reported, not the whole run.
            return FileScanResult.Failed(new FileError(file.DisplayPath, null, null, $"internal error while reading this file ({e.GetType().Name}: {e.Message}); please report it"));
        }
    }

    private static bool LooksBinary(byte[] bytes) => bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).IndexOf((byte)0) >= 0;
}

internal sealed record CheckOutcome(CheckReport Report, IReadOnlyList<string> MissingPaths);

/// <summary>One file's outcome. <see cref="Findings"/>[i] judges <see cref="Occurrences"/>[i].</summary>
internal sealed record FileScanResult(IReadOnlyList<Finding> Findings, FileError? Error, string? Note)
{
    public IReadOnlyList<ImageOccurrence> Occurrences { get; init; } = [];

    /// <summary>The decoded text the occurrence locations index into; null when the file was not parsed.</summary>
    public string? Text { get; init; }

    public bool HasBom { get; init; }

    /// <summary>A file that parses but that docker build would reject; its references are still listed.</summary>
    public FileError? ValidationError { get; init; }

    public string FullPath { get; init; } = "";

    public static FileScanResult Failed(FileError error) => new([], error, null);
    public static FileScanResult Skipped(string note) => new([], null, note);
}
