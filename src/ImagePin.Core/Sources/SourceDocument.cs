using ImagePin.Discovery;
using ImagePin.Sources;

namespace ImagePin.Sources;

/// <summary>
/// One file as its source read it: the decoded text the occurrence locations index into, and the located
/// problems. It carries its source, so the text after an edit is read again by the same rules.
/// </summary>
/// <param name="Parsed">False when the file could not be read as its kind at all, or only in part (a YAML stream with a document lost to an error); an edit that leaves a file unparsed is not written.</param>
/// <param name="Errors">Located problems: a syntax error (not parsed), or what the tool that consumes the file would reject (still parsed).</param>
internal sealed record SourceDocument(
    ISource Source,
    DiscoveredFile File,
    string Text,
    bool HasBom,
    bool Parsed,
    IReadOnlyList<ImageOccurrence> Occurrences,
    IReadOnlyList<FileError> Errors)
{
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
