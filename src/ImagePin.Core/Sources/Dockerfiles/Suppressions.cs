using ImagePin.Sources.Dockerfiles.Syntax;

namespace ImagePin.Sources.Dockerfiles;

/// <summary><c># imagepin:ignore [reason]</c> comments, by line: each suppresses the instruction on the next line.</summary>
internal sealed class Suppressions
{
    private const string Marker = "imagepin:ignore";
    private readonly Dictionary<int, string> reasonByLine = [];

    public static Suppressions From(DockerfileDocument document)
    {
        var s = new Suppressions();
        foreach (var comment in document.Comments)
        {
            var text = comment.Text.AsSpan().Trim();
            if (!text.StartsWith(Marker, StringComparison.Ordinal)) continue;
            var rest = text[Marker.Length..];
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) continue;
            s.reasonByLine[comment.Line] = rest.Trim().ToString();
        }
        return s;
    }

    /// <returns>The reason ("" when none was given) if the line before <paramref name="instructionLine"/> suppresses it.</returns>
    public string? For(int instructionLine) => reasonByLine.TryGetValue(instructionLine - 1, out var reason) ? reason : null;
}
