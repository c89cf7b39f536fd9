namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// One argument of an instruction, split as BuildKit splits it. <see cref="Value"/> is the logical
/// text (continuations removed, quotes kept as written; JSON elements are unescaped) and
/// <see cref="Span"/> runs from its first to its last character in the source.
/// </summary>
public sealed class Word
{
    private readonly ValueMap map;
    private readonly int length;
    private readonly LogicalLine? line;
    private readonly int start;
    private string? value;

    internal Word(string value, ValueMap map)
    {
        this.value = value;
        length = value.Length;
        this.map = map;
    }

    /// <summary>A word that is the logical line's run [start, end); its text is cut out on first use.</summary>
    internal Word(LogicalLine line, int start, int end)
    {
        length = end - start;
        map = new ValueMap(line, start);
        this.line = line;
        this.start = start;
    }

    public string Value => value ??= line!.Text.Substring(start, length);

    public SourceSpan Span => map.SpanOf(0, length, length);

    /// <summary>Source span of the value characters [startInValue, startInValue + length).</summary>
    public SourceSpan SpanOf(int startInValue, int length) => map.SpanOf(startInValue, length, this.length);

    public override string ToString() => Value;
}
