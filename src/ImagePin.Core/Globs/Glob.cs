namespace ImagePin.Globs;

/// <summary>Which glob dialect a pattern is written in.</summary>
internal enum GlobSyntax
{
    /// <summary>Go's <c>path.Match</c> (distribution/reference's FamiliarMatch): <c>*</c>, <c>?</c>, <c>[^…]</c>, <c>\</c> escapes.</summary>
    GoPath,
    /// <summary>Paths and image names in settings and options: Go's rules plus <c>**</c> as whole segments (any number of them) and <c>[!…]</c>.</summary>
    Path,
}

/// <summary>
/// A compiled glob. Matching simulates the pattern as a set of states over the text, so it takes time
/// proportional to (text length × pattern length) whatever the pattern: no backtracking, no blow-up on many
/// stars. <c>*</c> and <c>?</c> never match '/'; a class does only in Go's dialect, as Go's path.Match allows.
/// </summary>
internal sealed class Glob
{
    private enum Kind
    {
        Char,
        /// <summary><c>?</c>: one character other than '/'.</summary>
        Any,
        Class,
        /// <summary><c>*</c>: any run of characters other than '/'.</summary>
        Star,
        /// <summary><c>**/</c> at a segment start: nothing, or whole segments each ending in '/'.</summary>
        Segments,
        /// <summary><c>**</c> as the last segment: anything at all.</summary>
        All,
    }

    private readonly record struct Token(Kind Kind, char Char = '\0', CharClass? Class = null);

    private readonly Token[] _tokens;
    private readonly bool _classMatchesSlash;

    private Glob(string pattern, Token[] tokens, bool classMatchesSlash)
    {
        Pattern = pattern;
        _tokens = tokens;
        _classMatchesSlash = classMatchesSlash;
    }

    public string Pattern { get; }

    public override string ToString() => Pattern;

    public static bool TryParse(string pattern, GlobSyntax syntax, out Glob? glob, out string? error)
    {
        glob = null;
        var tokens = new List<Token>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '*')
            {
                var run = 1;
                while (i + run < pattern.Length && pattern[i + run] == '*') run++;
                var segmentStart = i == 0 || pattern[i - 1] == '/';
                var segmentEnd = i + run == pattern.Length || pattern[i + run] == '/';
                if (syntax == GlobSyntax.Path && run == 2 && segmentStart && segmentEnd)
                {
                    if (i + run == pattern.Length) { tokens.Add(new Token(Kind.All)); i += run; }
                    else { tokens.Add(new Token(Kind.Segments)); i += run + 1; }
                    continue;
                }
                tokens.Add(new Token(Kind.Star));
                i += run;
            }
            else if (c == '?') { tokens.Add(new Token(Kind.Any)); i++; }
            else if (c == '[')
            {
                if (!CharClass.TryParse(pattern, ref i, syntax == GlobSyntax.Path, out var cls))
                {
                    error = $"'{pattern}': unclosed or malformed character class at {i + 1}";
                    return false;
                }
                tokens.Add(new Token(Kind.Class, Class: cls));
            }
            else if (c == '\\')
            {
                if (i + 1 == pattern.Length)
                {
                    error = $"'{pattern}': a '\\' must escape a character";
                    return false;
                }
                tokens.Add(new Token(Kind.Char, pattern[i + 1]));
                i += 2;
            }
            else { tokens.Add(new Token(Kind.Char, c)); i++; }
        }
        error = null;
        glob = new Glob(pattern, [.. tokens], syntax == GlobSyntax.GoPath);
        return true;
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var n = _tokens.Length;
        // at[i]: token i is next to match; inside[i]: within a Segments token, in the middle of a segment.
        var at = new bool[n + 1];
        var inside = new bool[n + 1];
        var nextAt = new bool[n + 1];
        var nextInside = new bool[n + 1];
        at[0] = true;
        Close(at);
        foreach (var c in text)
        {
            Array.Clear(nextAt);
            Array.Clear(nextInside);
            var any = false;
            for (var i = 0; i < n; i++)
            {
                if (!at[i] && !inside[i]) continue;
                var token = _tokens[i];
                switch (token.Kind)
                {
                    case Kind.Char when token.Char == c && at[i]:
                    case Kind.Any when c != '/' && at[i]:
                        nextAt[i + 1] = any = true;
                        break;
                    case Kind.Class when (c != '/' || _classMatchesSlash) && at[i] && token.Class!.Contains(c):
                        nextAt[i + 1] = any = true;
                        break;
                    case Kind.Star when c != '/':
                    case Kind.All:
                        nextAt[i] = any = true;
                        break;
                    case Kind.Segments:
                        if (c == '/') nextAt[i] = true; else nextInside[i] = true;
                        any = true;
                        break;
                }
            }
            if (!any) return false;
            (at, nextAt) = (nextAt, at);
            (inside, nextInside) = (nextInside, inside);
            Close(at);
        }
        return at[n];
    }

    /// <summary>Tokens that may match nothing pass their state on to the next token.</summary>
    private void Close(bool[] at)
    {
        for (var i = 0; i < _tokens.Length; i++)
            if (at[i] && _tokens[i].Kind is Kind.Star or Kind.Segments or Kind.All) at[i + 1] = true;
    }

    /// <summary>A bracket expression: ranges, optionally negated.</summary>
    private sealed class CharClass(List<(char Low, char High)> ranges, bool negated)
    {
        public bool Contains(char c)
        {
            var inClass = false;
            foreach (var (low, high) in ranges)
                if (low <= c && c <= high) { inClass = true; break; }
            return inClass != negated;
        }

        /// <summary>Go's rules: at least one range, <c>\</c> escapes, a range's ends may not be '-' or ']' unescaped.</summary>
        public static bool TryParse(string pattern, ref int position, bool allowBang, out CharClass? result)
        {
            result = null;
            var i = position + 1;
            var negated = i < pattern.Length && (pattern[i] == '^' || (allowBang && pattern[i] == '!'));
            if (negated) i++;
            var ranges = new List<(char, char)>();
            while (true)
            {
                if (i < pattern.Length && pattern[i] == ']' && ranges.Count > 0)
                {
                    i++;
                    break;
                }
                if (!TryReadCharacter(pattern, ref i, out var low)) return false;
                var high = low;
                if (pattern[i] == '-')
                {
                    i++;
                    if (!TryReadCharacter(pattern, ref i, out high)) return false;
                }
                ranges.Add((low, high));
            }
            position = i;
            result = new CharClass(ranges, negated);
            return true;
        }

        /// <summary>One possibly escaped character of a class; like Go, the class must go on after it.</summary>
        private static bool TryReadCharacter(string pattern, ref int i, out char c)
        {
            c = '\0';
            if (i >= pattern.Length || pattern[i] is '-' or ']') return false;
            if (pattern[i] == '\\' && ++i >= pattern.Length) return false;
            c = pattern[i++];
            return i < pattern.Length;
        }
    }
}
