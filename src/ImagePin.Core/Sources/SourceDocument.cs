using ImagePin.Discovery;
using ImagePin.Sources;

namespace ImagePin.Sources;

/// <summary>
/// One file as its source read it: the decoded text the occurrence locations index into, and the located
/// problems. It carries its source, so the text after an edit is read again by the same rules. A class, not a
/// record: two documents are the same only when they are one object (hashing the text per lookup is quadratic).
/// </summary>
/// <param name="Parsed">False when the file could not be read as its kind at all, or only in part (a YAML stream with a document lost to an error); an edit that leaves a file unparsed is not written.</param>
/// <param name="Errors">Located problems: a syntax error (not parsed), or what the tool that consumes the file would reject (still parsed).</param>
internal static class SourceLimits
{
    /// <summary>Larger files are not read (no real Dockerfile or manifest is that big), and no rewrite may make a file larger.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;
}

internal sealed class SourceDocument(
    ISource source,
    DiscoveredFile file,
    string text,
    bool hasBom,
    bool parsed,
    IReadOnlyList<ImageOccurrence> occurrences,
    IReadOnlyList<FileError> errors)
{
    private string? _text = text;
    private byte[]? _textHash;

    public ISource Source { get; } = source;
    public DiscoveredFile File { get; } = file;

    /// <summary>The decoded text; only a document whose text was let go (<see cref="WithoutText"/>) has none.</summary>
    public string Text => _text ?? throw new InvalidOperationException($"{File.DisplayPath}: the text was let go; use LoadText");
    public bool HasBom { get; } = hasBom;
    public bool Parsed { get; } = parsed;
    /// <summary>What the source found, in file order; empty once the text is let go (<see cref="WithoutText"/>).</summary>
    public IReadOnlyList<ImageOccurrence> Occurrences { get; } = occurrences;

    /// <summary>How many occurrences the source found, also once they are let go: a rewrite must find as many again.</summary>
    public int OccurrenceCount { get; private init; } = occurrences.Count;
    public IReadOnlyList<FileError> Errors { get; } = errors;

    /// <summary>Located problems that do not stop the file from being used (an unknown <c>imagepin:</c> directive).</summary>
    public IReadOnlyList<FileError> Warnings { get; init; } = [];

    public string Kind => Source.Kind;

    /// <summary>
    /// Other files this one makes part of itself (a GitLab CI <c>include: local</c>, a Compose <c>extends.file</c>),
    /// for the scan to read as well, each with the source that reads it. Images written there are that file's
    /// occurrences, so each is edited where its text lives.
    /// </summary>
    public IReadOnlyList<RelatedFile> Related { get; init; } = [];

    /// <summary>
    /// The same document without its text, which a command that rewrites files reads again from disk when it gets to
    /// this file (<see cref="LoadText"/>): a large tree is not held in memory between the scan and the rewrite. The
    /// occurrences go too (the scanned file's judged references hold them while a command plans; a rewrite parses the
    /// text again); their count stays.
    /// </summary>
    public SourceDocument WithoutText()
    {
        if (_text is null || File.IsStandardInput) return this;
        return new SourceDocument(Source, File, null!, HasBom, Parsed, [], Errors)
        {
            Warnings = Warnings, Related = Related, _textHash = HashOf(_text), OccurrenceCount = OccurrenceCount,
        };
    }

    /// <summary>
    /// The text the occurrences index into: kept, or read again from disk and proven to be the text that was scanned
    /// (same SHA-256). Null, with the reason, when the file changed or cannot be read since.
    /// </summary>
    public string? LoadText(out string? changed)
    {
        changed = null;
        if (_text is not null) return _text;
        string text;
        bool hasBom;
        try
        {
            // The scanner's own read path (pooled buffer, four syscalls), File.ReadAllBytes where it does not apply.
            switch (Scanning.FileReads.TryRead(File.FullPath, SourceLimits.MaxFileBytes, out var pooled, out var length, out _))
            {
                case Scanning.ReadOutcome.Read:
                    try { (text, hasBom) = SourceDecoder.Decode(pooled.AsSpan(0, (int)length)); }
                    finally { System.Buffers.ArrayPool<byte>.Shared.Return(pooled!); }
                    break;
                case Scanning.ReadOutcome.Fallback:
                    var bytes = System.IO.File.ReadAllBytes(File.FullPath);
                    if (bytes.Length > SourceLimits.MaxFileBytes) return Changed(out changed);
                    (text, hasBom) = SourceDecoder.Decode(bytes);
                    break;
                default:
                    return Changed(out changed);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            changed = e is FileNotFoundException or DirectoryNotFoundException
                ? $"{File.DisplayPath} was removed while imagepin ran; nothing was written"
                : $"{File.DisplayPath} can no longer be read ({e.Message}); nothing was written";
            return null;
        }
        return hasBom == HasBom && HashOf(text).AsSpan().SequenceEqual(_textHash) ? text : Changed(out changed);
    }

    private string? Changed(out string? changed)
    {
        changed = $"{File.DisplayPath} changed while imagepin ran (someone else edited it); it was left as it is: run imagepin again";
        return null;
    }

    private static byte[] HashOf(string text) =>
        System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));

    /// <summary>The same file with <paramref name="text"/> instead, read by the same source (and options).</summary>
    public SourceDocument Reparse(string text) => Source.Read(File, text, HasBom);

    /// <summary>The bytes to write for <paramref name="text"/>: the same BOM, undecodable bytes restored.</summary>
    public byte[] Encode(string text) => SourceDecoder.Encode(text, HasBom);

    public static SourceDocument Failed(ISource source, DiscoveredFile file, string text, bool hasBom, FileError error) =>
        new(source, file, text, hasBom, false, [], [error]);
}
