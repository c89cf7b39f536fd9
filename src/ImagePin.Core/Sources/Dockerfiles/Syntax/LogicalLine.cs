namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// One instruction's text with continuations, dropped comment lines and empty lines removed,
/// as BuildKit sees it, plus the source offset of every character (one segment per physical line).
/// </summary>
internal sealed class LogicalLine
{
    // Most instructions are one physical line: its segment is kept in a field, and an array is made only for the
    // continuations, at its size.
    private readonly int segmentCount;
    private readonly (int LogicalStart, int SourceStart, int Length) first;
    private readonly (int LogicalStart, int SourceStart, int Length)[] rest = [];
    private readonly int anchor;
    private string? text;

    /// <summary>
    /// The line made of the source runs [Start, End) in order, empty runs dropped; a line with no characters sits at
    /// source offset <paramref name="anchor"/>.
    /// </summary>
    public LogicalLine(SourceText source, int anchor, ReadOnlySpan<(int Start, int End)> runs)
    {
        Source = source;
        this.anchor = anchor;
        foreach (var (start, end) in runs) if (end > start) segmentCount++;
        if (segmentCount > 1) rest = new (int, int, int)[segmentCount - 1];
        var index = 0;
        foreach (var (start, end) in runs)
        {
            if (end <= start) continue;
            if (index == 0) first = (Length, start, end - start);
            else rest[index - 1] = (Length, start, end - start);
            index++;
            Length += end - start;
        }
    }

    public SourceText Source { get; }

    public string Text => text ??= Build();

    public int Length { get; }

    private (int LogicalStart, int SourceStart, int Length) Segment(int index) => index == 0 ? first : rest[index - 1];

    // Most instructions are one physical line: then the text is a plain substring.
    private string Build()
    {
        if (segmentCount == 0) return "";
        if (segmentCount == 1) return Source.Text.Substring(first.SourceStart, Length);
        return string.Create(Length, this, static (destination, line) =>
        {
            for (var i = 0; i < line.segmentCount; i++)
            {
                var (logicalStart, sourceStart, length) = line.Segment(i);
                line.Source.Text.AsSpan(sourceStart, length).CopyTo(destination[logicalStart..]);
            }
        });
    }

    /// <summary>Source offset of the logical character at <paramref name="index"/>.</summary>
    public int SourceOffset(int index)
    {
        if (segmentCount == 0) return anchor;
        if (index >= Length) return SourceEnd(Length);
        var low = 0;
        var high = segmentCount - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Segment(middle).LogicalStart <= index) low = middle; else high = middle - 1;
        }
        var segment = Segment(low);
        return segment.SourceStart + index - segment.LogicalStart;
    }

    /// <summary>Source offset just after the logical character before <paramref name="index"/>.</summary>
    public int SourceEnd(int index)
    {
        if (index <= 0) return segmentCount == 0 ? anchor : first.SourceStart;
        return SourceOffset(index - 1) + 1;
    }

    /// <summary>Source span of the logical range [start, end).</summary>
    public SourceSpan Span(int start, int end) =>
        end <= start
            ? Source.Span(SourceOffset(start), SourceOffset(start))
            : Source.Span(SourceOffset(start), SourceEnd(end));
}
