using System.Globalization;
using System.Text;

namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>The character classes and string quoting of Go that BuildKit's parser relies on.</summary>
internal static class GoText
{
    /// <summary>Go's unicode.IsSpace; .NET's char.IsWhiteSpace covers the same set.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c);

    /// <summary>BuildKit's token separator class <c>[\t\v\f\r ]</c>.</summary>
    public static bool IsTokenWhitespace(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r';

    /// <summary>Go regexp <c>\s</c>: <c>[\t\n\f\r ]</c>.</summary>
    public static bool IsRegexSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    /// <summary>
    /// unicode.IsSpace applied to single bytes, as BuildKit does in HEALTHCHECK and flag scanning;
    /// only ASCII is treated as space here, so a multi-byte character is never cut in half.
    /// </summary>
    public static bool IsAsciiSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    public static (int Start, int End) TrimSpace(string text, int start, int end)
    {
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        return (start, end);
    }

    /// <summary>Go's strconv.Quote: printable runes stay, everything else is escaped.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendQuoted(builder, value);
        return builder.ToString();
    }

    public static void AppendQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' || c == '\\') { builder.Append('\\').Append(c); continue; }
            if (c >= 0x20 && c < 0x7F) { builder.Append(c); continue; }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var rune = new Rune(c, value[i + 1]);
                i++;
                if (IsPrint(Rune.GetUnicodeCategory(rune))) builder.Append(c).Append(value[i]);
                else builder.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                continue;
            }
            if (char.IsSurrogate(c))
            {
                // A lone surrogate stands for an undecodable byte (see SourceDecoder): Go prints \xNN.
                AppendByte(builder, c >= '\uDC80' && c <= '\uDCFF' ? c - 0xDC00 : 0xFD);
                continue;
            }
            switch (c)
            {
                case '\a': builder.Append("\\a"); continue;
                case '\b': builder.Append("\\b"); continue;
                case '\f': builder.Append("\\f"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
                case '\v': builder.Append("\\v"); continue;
            }
            if (c < 0x20 || c == 0x7F) AppendByte(builder, c);
            else if (IsPrint(CharUnicodeInfo.GetUnicodeCategory(c))) builder.Append(c);
            else builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        builder.Append('"');
    }

    private static void AppendByte(StringBuilder builder, int value) =>
        builder.Append("\\x").Append(value.ToString("x2", CultureInfo.InvariantCulture));

    /// <summary>Go's unicode.IsPrint for non-ASCII: letters, marks, numbers, punctuation and symbols.</summary>
    private static bool IsPrint(UnicodeCategory category) => category switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
