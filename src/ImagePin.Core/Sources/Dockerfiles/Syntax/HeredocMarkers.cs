using System.Text;

namespace ImagePin.Sources.Dockerfiles.Syntax;

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
        var words = ShellWordBoundaries.Split(text);
        if (words == null) return markers;
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
        var (name, quoted) = Unquote(text, nameStart, end);
        if (name.Length == 0) return null;
        var fileDescriptor = 0;
        if (digitsEnd > start && !int.TryParse(text.AsSpan(start, digitsEnd - start), out fileDescriptor)) fileDescriptor = 0;
        return new Marker(start, end, name, fileDescriptor, chomp, Expand: !quoted);
    }

    /// <summary>
    /// The delimiter as the shell lexer reads it: quotes removed, a backslash escaping the next
    /// character (inside double quotes only <c>"</c>, <c>$</c> and <c>\</c>). Quoted when any quote was removed.
    /// </summary>
    private static (string Name, bool Quoted) Unquote(string text, int start, int end)
    {
        var builder = new StringBuilder(end - start);
        var quoted = false;
        var quote = '\0';
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (quote == '\0' && c is '\'' or '"') { quote = c; quoted = true; continue; }
            if (quote != '\0' && c == quote) { quote = '\0'; continue; }
            if (c == '\\' && quote == '\0')
            {
                if (++i >= end) break;
                c = text[i];
            }
            else if (c == '\\' && quote == '"' && i + 1 < end && text[i + 1] is '"' or '$' or '\\')
                c = text[++i];
            builder.Append(c);
        }
        return (builder.ToString(), quoted);
    }
}
