using System.Text;

namespace ImagePin.Dockerfiles.Syntax;

/// <summary>
/// Finds heredoc markers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>2&lt;&lt;"EOF"</c>) on an instruction's
/// logical line. Like BuildKit, the whole line is split into shell words (quotes kept, backslash
/// escapes kept) and each word is matched against <c>^(\d*)&lt;&lt;(-?)([^&lt;]*)$</c>; a line whose quotes
/// do not close yields no heredocs.
/// </summary>
internal static class HeredocMarkers
{
    public readonly record struct Marker(int Start, int End, string Name, int FileDescriptor, bool Chomp, bool Expand);

    public static List<Marker> Find(string text)
    {
        var markers = new List<Marker>();
        if (!text.Contains("<<", StringComparison.Ordinal)) return markers;
        var words = new List<(int Start, int End)>();
        if (!SplitShellWords(text, words)) return markers;
        foreach (var (start, end) in words)
            if (TryMatch(text, start, end) is { } marker) markers.Add(marker);
        return markers;
    }

    private static Marker? TryMatch(string text, int start, int end)
    {
        var position = start;
        while (position < end && char.IsAsciiDigit(text[position])) position++;
        var digitsEnd = position;
        if (position + 2 > end || text[position] != '<' || text[position + 1] != '<') return null;
        position += 2;
        var chomp = position < end && text[position] == '-';
        if (chomp) position++;
        var nameStart = position;
        if (nameStart >= end || text.IndexOf('<', nameStart, end - nameStart) >= 0) return null;
        if (!TryUnquote(text, nameStart, end, out var name, out var quoted) || name.Length == 0) return null;
        var fileDescriptor = 0;
        if (digitsEnd > start && !int.TryParse(text.AsSpan(start, digitsEnd - start), out fileDescriptor)) fileDescriptor = 0;
        return new Marker(start, end, name, fileDescriptor, chomp, Expand: !quoted);
    }

    /// <summary>Removes quotes and backslash escapes from one word; false if it would be more than one word.</summary>
    private static bool TryUnquote(string text, int start, int end, out string name, out bool quoted)
    {
        var builder = new StringBuilder(end - start);
        quoted = false;
        var quote = '\0';
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (quote == '\0' && (c == '\'' || c == '"')) { quote = c; quoted = true; continue; }
            if (quote != '\0' && c == quote) { quote = '\0'; continue; }
            if (c == '\\' && quote != '\'' && i + 1 < end) c = text[++i];
            builder.Append(c);
        }
        name = builder.ToString();
        return true;
    }

    /// <summary>Shell word split with raw quotes and escapes; false when a quote or ${ is left open.</summary>
    private static bool SplitShellWords(string text, List<(int Start, int End)> words)
    {
        var position = 0;
        var end = text.Length;
        while (true)
        {
            while (position < end && GoText.IsSpace(text[position])) position++;
            if (position >= end) return true;
            var start = position;
            while (position < end && !GoText.IsSpace(text[position]))
            {
                var c = text[position];
                if (c == '\\') position += 2;
                else if (c == '\'') { position = text.IndexOf('\'', position + 1); if (position < 0) return false; position++; }
                else if (c == '"') { if (!SkipDoubleQuoted(text, ref position)) return false; }
                else if (c == '$' && position + 1 < end && text[position + 1] == '{')
                {
                    position = text.IndexOf('}', position + 2);
                    if (position < 0) return false;
                    position++;
                }
                else position++;
            }
            position = Math.Min(position, end);
            words.Add((start, position));
        }
    }

    private static bool SkipDoubleQuoted(string text, ref int position)
    {
        for (position++; position < text.Length; position++)
        {
            if (text[position] == '\\') position++;
            else if (text[position] == '"') { position++; return true; }
        }
        return false;
    }
}
