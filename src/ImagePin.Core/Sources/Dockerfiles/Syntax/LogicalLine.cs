namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// One instruction's text with continuations, dropped comment lines and empty lines removed,
/// as BuildKit sees it, plus the source offset of every character (one segment per physical line).
/// </summary>
internal sealed class LogicalLine
{
    private readonly List<(int LogicalStart, int SourceStart, int Length)> segments = [];
    private string? text;

    private readonly int anchor;

    /// <summary>A line whose first character would sit at source offset <paramref name="anchor"/>.</summary>
    public LogicalLine(SourceText source, int anchor)
    {
        Source = source;
        this.anchor = anchor;
    }

    public SourceText Source { get; }

    public string Text => text ??= Build();

    public int Length { get; private set; }

    /// <summary>Appends source characters [start, end) of one physical line.</summary>
    public void Append(int start, int end)
    {
        if (end <= start) return;
        segments.Add((Length, start, end - start));
        Length += end - start;
        text = null;
    }

    // Most instructions are one physical line: then the text is a plain substring.
    private string Build()
    {
        if (segments.Count == 0) return "";
        if (segments.Count == 1) return Source.Text.Substring(segments[0].SourceStart, Length);
        return string.Create(Length, this, static (destination, line) =>
        {
            foreach (var (logicalStart, sourceStart, length) in line.segments)
                line.Source.Text.AsSpan(sourceStart, length).CopyTo(destination[logicalStart..]);
        });
    }

    /// <summary>Source offset of the logical character at <paramref name="index"/>.</summary>
    public int SourceOffset(int index)
    {
        if (segments.Count == 0) return anchor;
        if (index >= Length) return SourceEnd(Length);
        var low = 0;
        var high = segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (segments[middle].LogicalStart <= index) low = middle; else high = middle - 1;
        }
        var segment = segments[low];
        return segment.SourceStart + index - segment.LogicalStart;
    }

    /// <summary>Source offset just after the logical character before <paramref name="index"/>.</summary>
    public int SourceEnd(int index)
    {
        if (index <= 0) return segments.Count == 0 ? anchor : segments[0].SourceStart;
        return SourceOffset(index - 1) + 1;
    }

    /// <summary>Source span of the logical range [start, end).</summary>
    public SourceSpan Span(int start, int end) =>
        end <= start
            ? Source.Span(SourceOffset(start), SourceOffset(start))
            : Source.Span(SourceOffset(start), SourceEnd(end));
}
