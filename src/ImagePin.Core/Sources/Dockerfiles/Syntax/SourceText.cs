namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>The decoded text with the start offset of every line, to turn offsets into spans.</summary>
internal sealed class SourceText
{
    private readonly List<int> lineStarts = [0];

    public SourceText(string text)
    {
        Text = text;
        var index = text.IndexOf('\n');
        while (index >= 0)
        {
            lineStarts.Add(index + 1);
            index = text.IndexOf('\n', index + 1);
        }
    }

    public string Text { get; }

    public int LineCount => lineStarts.Count;

    /// <summary>Span of [start, end); an empty range names its start twice.</summary>
    public SourceSpan Span(int start, int end)
    {
        var (startLine, startColumn) = Position(start);
        if (end <= start) return new SourceSpan(start, 0, startLine, startColumn, startLine, startColumn);
        var (endLine, endColumn) = Position(end - 1);
        return new SourceSpan(start, end - start, startLine, startColumn, endLine, endColumn);
    }

    /// <summary>1-based line and column of the character at <paramref name="offset"/>.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - lineStarts[index] + 1);
    }
}
