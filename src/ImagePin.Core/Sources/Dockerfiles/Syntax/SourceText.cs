namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>The decoded text with the start offset of every line, to turn offsets into spans.</summary>
internal sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string text)
    {
        Text = text;
        // Counted first, so the array is made once at its size.
        lineStarts = new int[text.AsSpan().Count('\n') + 1];
        var line = 1;
        var index = text.IndexOf('\n');
        while (index >= 0)
        {
            lineStarts[line++] = index + 1;
            index = text.IndexOf('\n', index + 1);
        }
    }

    public string Text { get; }

    public int LineCount => lineStarts.Length;

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
        // Positions are asked for in file order, mostly on the line asked for last: look there first.
        var index = lastLine;
        if (offset < lineStarts[index] || (index + 1 < lineStarts.Length && offset >= lineStarts[index + 1]))
        {
            index = Array.BinarySearch(lineStarts, offset);
            if (index < 0) index = ~index - 1;
            lastLine = index;
        }
        return (index + 1, offset - lineStarts[index] + 1);
    }

    private int lastLine;
}
