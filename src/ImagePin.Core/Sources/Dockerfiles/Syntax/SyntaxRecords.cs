namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>A parser directive such as <c># syntax=…</c>; <see cref="Name"/> is lower case.</summary>
public sealed record ParserDirective(string Name, string Value, SourceSpan NameSpan, SourceSpan ValueSpan, int Line);

/// <summary>A comment line; <see cref="Text"/> is everything after the <c>#</c>, <see cref="Span"/> starts at the <c>#</c>.</summary>
/// <remarks>The text is cut out of the source only when asked for: most comments are only looked at (<see cref="Body"/>).</remarks>
public sealed class CommentLine
{
    private readonly string source;
    private string? text;

    internal CommentLine(string source, SourceSpan span, int line)
    {
        this.source = source;
        Span = span;
        Line = line;
    }

    /// <summary>Everything after the <c>#</c>.</summary>
    public string Text => text ??= Body.ToString();

    /// <summary><see cref="Text"/> without making a string of it.</summary>
    public ReadOnlySpan<char> Body => source.AsSpan(Span.Start + 1, Span.Length - 1);

    public SourceSpan Span { get; }

    public int Line { get; }

    public override string ToString() => Text;
}

/// <summary>
/// A heredoc attached to RUN/COPY/ADD. <see cref="Content"/> is the body as BuildKit keeps it
/// (every body line with its line ending); <see cref="Expand"/> is false when the delimiter was quoted.
/// </summary>
public sealed record Heredoc(
    string Name,
    int FileDescriptor,
    bool Chomp,
    bool Expand,
    SourceSpan MarkerSpan,
    string Content,
    SourceSpan BodySpan,
    SourceSpan TerminatorSpan);

/// <summary>Why a Dockerfile could not be parsed, with the 1-based line and column it concerns.</summary>
public sealed record DockerfileSyntaxError(string Message, int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>Either a parsed document or the error that stopped the parse.</summary>
public sealed class DockerfileParseResult
{
    private DockerfileParseResult(DockerfileDocument? document, DockerfileSyntaxError? error)
    {
        Document = document;
        Error = error;
    }

    public DockerfileDocument? Document { get; }

    public DockerfileSyntaxError? Error { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Document))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Document != null;

    internal static DockerfileParseResult Parsed(DockerfileDocument document) => new(document, null);

    internal static DockerfileParseResult Failed(DockerfileSyntaxError error) => new(null, error);
}

/// <summary>Thrown inside the parser only; <see cref="DockerfileParser.Parse(string)"/> turns it into a result.</summary>
internal sealed class DockerfileSyntaxException(string message, int line, int column) : Exception(message)
{
    public DockerfileSyntaxError Error { get; } = new(message, line, column);
}
