namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// BuildKit's parseWords: white-space separated words where quotes group (and are kept) and the
/// escape character protects the next character; an escape character at the very end is dropped.
/// </summary>
internal static class WordSplitter
{
    public static List<(int Start, int End)> Split(string text, int start, int end, char escape)
    {
        var words = new List<(int, int)>();
        var position = start;
        while (true)
        {
            while (position < end && GoText.IsSpace(text[position])) position++;
            if (position >= end) return words;
            var wordStart = position;
            var wordEnd = end;
            var quote = '\0';
            while (position < end)
            {
                var c = text[position];
                if (quote == '\0')
                {
                    if (GoText.IsSpace(c)) { wordEnd = position; break; }
                    if (c is '\'' or '"') quote = c;
                    else if (c == escape)
                    {
                        if (position + 1 == end) { wordEnd = position; position = end; break; }
                        position++;
                    }
                }
                else if (c == quote) quote = '\0';
                else if (c == escape && quote != '\'')
                {
                    if (position + 1 == end) { wordEnd = position; position = end; break; }
                    position++;
                }
                position++;
            }
            if (wordEnd > wordStart) words.Add((wordStart, wordEnd));
        }
    }
}
