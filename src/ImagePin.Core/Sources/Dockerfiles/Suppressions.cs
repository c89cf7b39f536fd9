using ImagePin.Sources.Dockerfiles.Syntax;

namespace ImagePin.Sources.Dockerfiles;

/// <summary><c># imagepin:ignore [reason]</c> comments, by line: each suppresses the instruction on the next line.</summary>
internal sealed class Suppressions
{
    private readonly Dictionary<int, string> reasonByLine = [];

    /// <summary>Comments that look like directives imagepin does not know, with their line and column.</summary>
    public List<(int Line, int Column, string Message)> Unknown { get; } = [];

    public static Suppressions From(DockerfileDocument document)
    {
        var s = new Suppressions();
        foreach (var comment in document.Comments)
        {
            if (Directive.Parse(comment.Body) is not { } directive) continue;
            if (directive.IsIgnore) s.reasonByLine[comment.Line] = directive.Argument;
            else s.Unknown.Add((comment.Line, comment.Span.StartColumn, directive.Unknown()));
        }
        return s;
    }

    /// <returns>The reason ("" when none was given) if the line before <paramref name="instructionLine"/> suppresses it.</returns>
    public string? For(int instructionLine) => reasonByLine.TryGetValue(instructionLine - 1, out var reason) ? reason : null;
}
