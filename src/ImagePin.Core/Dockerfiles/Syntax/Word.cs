namespace ImagePin.Dockerfiles.Syntax;

/// <summary>
/// One argument of an instruction, split as BuildKit splits it. <see cref="Value"/> is the logical
/// text (continuations removed, quotes kept as written; JSON elements are unescaped) and
/// <see cref="Span"/> runs from its first to its last character in the source.
/// </summary>
public sealed class Word
{
    private readonly ValueMap map;

    internal Word(string value, ValueMap map)
    {
        Value = value;
        this.map = map;
        Span = map.SpanOf(0, value.Length, value.Length);
    }

    public string Value { get; }

    public SourceSpan Span { get; }

    /// <summary>Source span of the value characters [startInValue, startInValue + length).</summary>
    public SourceSpan SpanOf(int startInValue, int length) => map.SpanOf(startInValue, length, Value.Length);

    public override string ToString() => Value;
}
