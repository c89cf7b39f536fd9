namespace ImagePin.Dockerfiles.Shell;

/// <summary>
/// The wildcard pattern of <c>${VAR#pattern}</c>, <c>${VAR%pattern}</c> and <c>${VAR/pattern/replacement}</c>:
/// <c>*</c> any text, <c>?</c> any one character, <c>\*</c> <c>\?</c> <c>\\</c> literal, <c>\}</c> and
/// <c>\/</c> the bare character; no bracket expressions. BuildKit translates this to a Go regular expression;
/// here it is matched directly, reproducing that regexp's leftmost-first choice of match and its rule
/// that a wildcard never matches a newline.
/// </summary>
internal sealed class ShellPattern
{
    private enum Kind : byte { Literal, AnyChar, AnyText }

    private readonly record struct Token(Kind Kind, string Literal = "");

    private readonly Token[] tokens;
    // Greedy: * takes as much as it can (%%, ##, /); lazy: as little (%, #).
    private readonly bool greedy;

    private ShellPattern(Token[] tokens, bool greedy)
    {
        this.tokens = tokens;
        this.greedy = greedy;
    }

    /// <summary>Parses <paramref name="pattern"/>; on failure returns null and the reason.</summary>
    public static ShellPattern? TryParse(string pattern, bool greedy, out string? error)
    {
        var tokens = new List<Token>(pattern.Length);
        error = null;
        // Go's text/scanner drops a byte-order mark at the very start of its input.
        var i = pattern.StartsWith('\uFEFF') ? 1 : 0;
        while (i < pattern.Length)
        {
            var ch = pattern[i];
            if (ch == '*') { tokens.Add(new Token(Kind.AnyText)); i++; continue; }
            if (ch == '?') { tokens.Add(new Token(Kind.AnyChar)); i++; continue; }
            if (ch == '\\')
            {
                // "\}" and "\/" only protect the character from ending the ${...} form.
                if (i + 1 < pattern.Length && pattern[i + 1] is '}' or '/') { i++; continue; }
                if (i + 1 >= pattern.Length) { error = "invalid escape '\\' at end of pattern"; return null; }
                var escaped = pattern[i + 1];
                if (escaped is not ('*' or '?' or '\\'))
                {
                    error = $"invalid escape '\\{pattern.Substring(i + 1, Utf16Runes.WidthAt(pattern, i + 1))}'";
                    return null;
                }
                tokens.Add(new Token(Kind.Literal, escaped.ToString()));
                i += 2;
                continue;
            }
            var width = Utf16Runes.WidthAt(pattern, i);
            tokens.Add(new Token(Kind.Literal, pattern.Substring(i, width)));
            i += width;
        }
        return new ShellPattern([.. tokens], greedy);
    }

    /// <summary>Starts matching against <paramref name="text"/>; the matcher remembers dead ends across calls.</summary>
    public Matcher On(string text) => new(this, text);

    internal sealed class Matcher(ShellPattern pattern, string text)
    {
        // Index (token, position) of a wildcard state already known not to lead to a match.
        private bool[]? deadEnds;

        /// <summary>End of the match that starts exactly at <paramref name="start"/>, or -1.</summary>
        public int MatchAt(int start) => MatchFrom(0, start);

        /// <summary>Leftmost match starting at or after <paramref name="from"/>, or null.</summary>
        public (int Start, int End)? FindFrom(int from)
        {
            for (var start = from; start <= text.Length; start += start < text.Length ? Utf16Runes.WidthAt(text, start) : 1)
            {
                var end = MatchFrom(0, start);
                if (end >= 0) return (start, end);
            }
            return null;
        }

        private int MatchFrom(int tokenIndex, int position)
        {
            var tokens = pattern.tokens;
            while (tokenIndex < tokens.Length)
            {
                var token = tokens[tokenIndex];
                switch (token.Kind)
                {
                    case Kind.Literal:
                        if (!text.AsSpan(position).StartsWith(token.Literal, StringComparison.Ordinal)) return -1;
                        position += token.Literal.Length;
                        break;
                    case Kind.AnyChar:
                        if (position >= text.Length || text[position] == '\n') return -1;
                        position += Utf16Runes.WidthAt(text, position);
                        break;
                    default:
                        return MatchAnyText(tokenIndex, position);
                }
                tokenIndex++;
            }
            return position;
        }

        private int MatchAnyText(int tokenIndex, int position)
        {
            var state = tokenIndex * (text.Length + 1) + position;
            if (deadEnds is not null && deadEnds[state]) return -1;

            var limit = text.IndexOf('\n', position);
            if (limit < 0) limit = text.Length;
            if (pattern.greedy)
            {
                for (var end = limit; ; end -= Utf16Runes.WidthBefore(text, end))
                {
                    var matchEnd = MatchFrom(tokenIndex + 1, end);
                    if (matchEnd >= 0) return matchEnd;
                    if (end == position) break;
                }
            }
            else
            {
                for (var end = position; ; end += Utf16Runes.WidthAt(text, end))
                {
                    var matchEnd = MatchFrom(tokenIndex + 1, end);
                    if (matchEnd >= 0) return matchEnd;
                    if (end == limit) break;
                }
            }

            deadEnds ??= new bool[pattern.tokens.Length * (text.Length + 1)];
            deadEnds[state] = true;
            return -1;
        }
    }
}
