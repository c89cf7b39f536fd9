namespace ImagePin.Sources.Dockerfiles.Shell;

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
            if (ch == '*')
            {
                // "**" matches just what "*" does, and picks the same extent: keep one wildcard.
                if (tokens.Count == 0 || tokens[^1].Kind != Kind.AnyText) tokens.Add(new Token(Kind.AnyText));
                i++;
                continue;
            }
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
        // Above this many (wildcard, position) states, dead ends go in a set rather than a flat array.
        private const int MaxFlatStates = 1 << 22;

        // Index (wildcard, position) of a wildcard state already known not to lead to a match.
        private bool[]? deadEnds;
        private HashSet<long>? deadEndSet;
        // Choices of the wildcards being tried, innermost last: an explicit stack, because a pattern
        // may hold any number of wildcards and recursing once per wildcard could overflow the call stack.
        private readonly Stack<Choice> choices = new();

        private struct Choice
        {
            public int TokenIndex;
            public int Start;
            public int Limit;
            public int End;
        }

        /// <summary>End of the match that starts exactly at <paramref name="start"/>, or -1.</summary>
        public int MatchAt(int start) => MatchFrom(start);

        /// <summary>Leftmost match starting at or after <paramref name="from"/>, or null.</summary>
        public (int Start, int End)? FindFrom(int from)
        {
            for (var start = from; start <= text.Length; start += start < text.Length ? Utf16Runes.WidthAt(text, start) : 1)
            {
                var end = MatchFrom(start);
                if (end >= 0) return (start, end);
            }
            return null;
        }

        // Backtracking search in the order of Go's leftmost-first regexp: each * first tries its longest
        // (greedy) or shortest (lazy) extent, and the most recent * is the first to try another.
        private int MatchFrom(int position)
        {
            var tokens = pattern.tokens;
            var tokenIndex = 0;
            choices.Clear();
            while (true)
            {
                if (Advance(ref tokenIndex, ref position)) return position;
                // Dead end: let the innermost * take its next extent; a * with none left is a dead end too.
                while (true)
                {
                    if (!choices.TryPop(out var choice)) return -1;
                    if (choice.End == (pattern.greedy ? choice.Start : choice.Limit))
                    {
                        MarkDeadEnd(choice.TokenIndex, choice.Start);
                        continue;
                    }
                    choice.End = pattern.greedy
                        ? choice.End - Utf16Runes.WidthBefore(text, choice.End)
                        : choice.End + Utf16Runes.WidthAt(text, choice.End);
                    choices.Push(choice);
                    tokenIndex = choice.TokenIndex + 1;
                    position = choice.End;
                    break;
                }
            }

            // Matches tokens from tokenIndex on, opening a choice at each *; false at the first mismatch.
            bool Advance(ref int tokenIndex, ref int position)
            {
                while (tokenIndex < tokens.Length)
                {
                    var token = tokens[tokenIndex];
                    switch (token.Kind)
                    {
                        case Kind.Literal:
                            if (!text.AsSpan(position).StartsWith(token.Literal, StringComparison.Ordinal)) return false;
                            position += token.Literal.Length;
                            break;
                        case Kind.AnyChar:
                            if (position >= text.Length || text[position] == '\n') return false;
                            position += Utf16Runes.WidthAt(text, position);
                            break;
                        default:
                            if (IsDeadEnd(tokenIndex, position)) return false;
                            var limit = text.IndexOf('\n', position);
                            if (limit < 0) limit = text.Length;
                            var choice = new Choice { TokenIndex = tokenIndex, Start = position, Limit = limit, End = pattern.greedy ? limit : position };
                            choices.Push(choice);
                            position = choice.End;
                            break;
                    }
                    tokenIndex++;
                }
                return true;
            }
        }

        private long State(int tokenIndex, int position) => (long)tokenIndex * (text.Length + 1) + position;

        private bool IsDeadEnd(int tokenIndex, int position) =>
            deadEnds is not null ? deadEnds[State(tokenIndex, position)] : deadEndSet?.Contains(State(tokenIndex, position)) == true;

        private void MarkDeadEnd(int tokenIndex, int position)
        {
            var states = (long)pattern.tokens.Length * (text.Length + 1);
            if (states <= MaxFlatStates) (deadEnds ??= new bool[states])[State(tokenIndex, position)] = true;
            else (deadEndSet ??= []).Add(State(tokenIndex, position));
        }
    }
}
