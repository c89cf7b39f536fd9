namespace ImagePin.Sources.Yaml;

/// <summary>Decides whether a scalar's decoded value is written character for character in the text, and where.</summary>
internal static class YamlScalarText
{
    public static void Locate(YamlScalar scalar, string text)
    {
        var content = scalar.ContentSpan;
        switch (scalar.Style)
        {
            case YamlScalarStyle.Plain:
                Compare(scalar, text, content.Start, content.Start + content.Length, "a plain scalar continued over several lines is folded");
                break;
            case YamlScalarStyle.SingleQuoted:
                Quoted(scalar, text, '\'', "contains the '' escape");
                break;
            case YamlScalarStyle.DoubleQuoted:
                Quoted(scalar, text, '"', "contains escape sequences");
                break;
            case YamlScalarStyle.Literal:
                NotLiteral(scalar, "a literal block scalar (|) holds its value on lines of its own, with a line break");
                break;
            default:
                NotLiteral(scalar, "a folded block scalar (>) folds its lines");
                break;
        }
    }

    private static void Quoted(YamlScalar scalar, string text, char quote, string escapeReason)
    {
        var start = scalar.ContentSpan.Start;
        var end = start + scalar.ContentSpan.Length;
        if (end - start < 2 || text[start] != quote || text[end - 1] != quote)
        {
            NotLiteral(scalar, "the scalar's position does not match its quotes");
            return;
        }
        var inner = text.AsSpan(start + 1, end - start - 2);
        var reason = inner.IndexOfAny('\n', '\r') >= 0 ? "a quoted scalar over several lines is folded" : escapeReason;
        Compare(scalar, text, start + 1, end - 1, reason);
    }

    private static void Compare(YamlScalar scalar, string text, int start, int end, string reason)
    {
        if (text.AsSpan(start, end - start).SequenceEqual(scalar.Value))
        {
            scalar.LiteralSpan = new YamlLineMapSlice(scalar.ContentSpan, start, end).Location;
            scalar.NotLiteralReason = null;
        }
        else NotLiteral(scalar, reason);
    }

    internal static void NotLiteral(YamlScalar scalar, string reason)
    {
        scalar.LiteralSpan = null;
        scalar.NotLiteralReason = reason;
    }

    /// <summary>A sub-range of a single-line (or same-text) location, computed without the line map.</summary>
    private readonly record struct YamlLineMapSlice(TextLocation Outer, int Start, int End)
    {
        public TextLocation Location
        {
            get
            {
                // A literal value never contains a line break, so the range lies on the outer span's first line
                // when it starts after the outer start on that line.
                var column = Outer.Column + (Start - Outer.Start);
                var length = End - Start;
                return length == 0
                    ? new TextLocation(Start, 0, Outer.Line, column, Outer.Line, column)
                    : new TextLocation(Start, length, Outer.Line, column, Outer.Line, column + length - 1);
            }
        }
    }
}
