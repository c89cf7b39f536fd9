using System.Text;

namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// A parsed Dockerfile that keeps every character of its source: directives, comments,
/// instructions and the white space between them, each with its exact position.
/// </summary>
public sealed class DockerfileDocument
{
    private readonly IReadOnlyList<SourcePiece> pieces;

    internal DockerfileDocument(
        string text,
        bool hasBom,
        char escapeChar,
        IReadOnlyList<ParserDirective> directives,
        IReadOnlyList<Instruction> instructions,
        IReadOnlyList<CommentLine> comments,
        IReadOnlyList<SourcePiece> pieces)
    {
        Text = text;
        HasBom = hasBom;
        EscapeChar = escapeChar;
        Directives = directives;
        Instructions = instructions;
        Comments = comments;
        this.pieces = pieces;
    }

    /// <summary>The decoded source without its byte order mark; every span indexes into it.</summary>
    public string Text { get; }

    public bool HasBom { get; }

    /// <summary><c>\</c>, or <c>`</c> when set by <c># escape=`</c>.</summary>
    public char EscapeChar { get; }

    public IReadOnlyList<ParserDirective> Directives { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>Every comment line in file order, including those inside continuations (not directives, not heredoc bodies).</summary>
    public IReadOnlyList<CommentLine> Comments { get; }

    /// <summary>Rebuilds the text from the parsed pieces (elements and the trivia between them).</summary>
    public string Reprint()
    {
        var builder = new StringBuilder(Text.Length);
        foreach (var piece in pieces) builder.Append(Text, piece.Start, piece.Length);
        return builder.ToString();
    }

    /// <summary>The instruction tree in BuildKit's Node.Dump() format, one line per instruction.</summary>
    public string Dump() => NodeDumper.Dump(this);
}

/// <summary>What a run of source characters is, for <see cref="DockerfileDocument.Reprint"/>.</summary>
internal enum PieceKind { Trivia, Directive, Comment, Instruction }

internal readonly record struct SourcePiece(PieceKind Kind, int Start, int Length);
