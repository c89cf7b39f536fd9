namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// Maps the characters of a token's value back to the logical line. Most values are a plain run
/// of the line; only values that drop characters (quotes, JSON escapes) carry per-character ranges.
/// </summary>
internal readonly struct ValueMap
{
    private readonly LogicalLine line;
    private readonly int logicalStart;
    private readonly int[]? starts;
    private readonly int[]? ends;

    /// <summary>A value that is the run of the line starting at <paramref name="logicalStart"/>.</summary>
    public ValueMap(LogicalLine line, int logicalStart)
    {
        this.line = line;
        this.logicalStart = logicalStart;
    }

    /// <summary>A value whose character i comes from logical range [starts[i], ends[i]).</summary>
    public ValueMap(LogicalLine line, int[] starts, int[] ends)
    {
        this.line = line;
        this.starts = starts;
        this.ends = ends;
        logicalStart = starts.Length > 0 ? starts[0] : 0;
    }

    /// <summary>Span of value characters [startInValue, startInValue + length) in the source.</summary>
    public SourceSpan SpanOf(int startInValue, int length, int valueLength)
    {
        if (startInValue < 0 || length < 0 || startInValue + length > valueLength)
            throw new ArgumentOutOfRangeException(nameof(startInValue), $"range {startInValue}+{length} is outside the value of length {valueLength}");
        if (starts == null || ends == null)
            return line.Span(logicalStart + startInValue, logicalStart + startInValue + length);
        if (valueLength == 0) return line.Span(logicalStart, logicalStart);
        if (length == 0)
        {
            var at = startInValue < valueLength ? starts[startInValue] : ends[valueLength - 1];
            return line.Span(at, at);
        }
        return line.Span(starts[startInValue], ends[startInValue + length - 1]);
    }
}
