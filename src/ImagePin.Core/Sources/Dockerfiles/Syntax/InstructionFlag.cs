namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// A leading <c>--name[=value]</c> option. As in BuildKit, quotes are removed and a backslash
/// escapes the next character, so <see cref="Text"/> is what BuildKit hands to the instruction.
/// </summary>
public sealed class InstructionFlag
{
    private readonly ValueMap map;

    internal InstructionFlag(string text, ValueMap map)
    {
        Text = text;
        this.map = map;
        var equals = text.IndexOf('=');
        Name = equals < 0 ? text[2..] : text[2..equals];
        Value = equals < 0 ? null : text[(equals + 1)..];
        Span = map.SpanOf(0, text.Length, text.Length);
        ValueSpan = equals < 0 ? null : map.SpanOf(equals + 1, text.Length - equals - 1, text.Length);
    }

    /// <summary>The whole flag as BuildKit keeps it, e.g. <c>--from=builder</c>.</summary>
    public string Text { get; }

    /// <summary>Name without the leading <c>--</c>.</summary>
    public string Name { get; }

    /// <summary>Text after the first <c>=</c>; null for a bare flag such as <c>--link</c>.</summary>
    public string? Value { get; }

    public SourceSpan Span { get; }

    public SourceSpan? ValueSpan { get; }

    /// <summary>Source span of value characters [startInValue, startInValue + length).</summary>
    public SourceSpan SpanOf(int startInValue, int length)
    {
        if (Value == null) throw new InvalidOperationException($"flag --{Name} has no value");
        if (startInValue < 0 || length < 0 || startInValue + length > Value.Length)
            throw new ArgumentOutOfRangeException(nameof(startInValue), $"range {startInValue}+{length} is outside the value of length {Value.Length}");
        return map.SpanOf(Text.Length - Value.Length + startInValue, length, Text.Length);
    }

    public override string ToString() => Text;
}
