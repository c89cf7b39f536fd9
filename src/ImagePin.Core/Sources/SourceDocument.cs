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
    public ISource Source { get; } = source;
    public DiscoveredFile File { get; } = file;
    public string Text { get; } = text;
    public bool HasBom { get; } = hasBom;
    public bool Parsed { get; } = parsed;
    public IReadOnlyList<ImageOccurrence> Occurrences { get; } = occurrences;
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

    /// <summary>The same file with <paramref name="text"/> instead, read by the same source (and options).</summary>
    public SourceDocument Reparse(string text) => Source.Read(File, text, HasBom);

    /// <summary>The bytes to write for <paramref name="text"/>: the same BOM, undecodable bytes restored.</summary>
    public byte[] Encode(string text) => SourceDecoder.Encode(text, HasBom);

    public static SourceDocument Failed(ISource source, DiscoveredFile file, string text, bool hasBom, FileError error) =>
        new(source, file, text, hasBom, false, [], [error]);
}
