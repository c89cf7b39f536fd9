namespace ImagePin.References;

/// <summary>
/// Glob patterns with Go's <c>path.Match</c> rules, as upstream's <c>FamiliarMatch</c> uses them:
/// <c>*</c> matches a run of characters other than '/', <c>?</c> one such character,
/// <c>[^a-z]</c> a class, <c>\</c> escapes; the whole text must match.
/// </summary>
internal static class GoPathPattern
{
    /// <summary>Whether the pattern is well-formed; Go reports a malformed pattern as an error whatever the text.</summary>
    internal static bool IsValid(ReadOnlySpan<char> pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '[':
                    if (!TryMatchClass(pattern, ref i, '\0', out _)) return false;
                    break;
                case '\\':
                    if (i + 1 == pattern.Length) return false;
                    i += 2;
                    break;
                default:
                    i++;
                    break;
            }
        }
        return true;
    }

    /// <summary>Matches a pattern already checked with <see cref="IsValid"/>.</summary>
    internal static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (pattern.Length > 0)
        {
            switch (pattern[0])
            {
                case '*':
                    var afterStars = pattern.TrimStart('*');
                    for (var skipped = 0; ; skipped++)
                    {
                        if (Matches(afterStars, text[skipped..])) return true;
                        if (skipped == text.Length || text[skipped] == '/') return false;
                    }
                case '?':
                    if (text.Length == 0 || text[0] == '/') return false;
                    pattern = pattern[1..];
                    break;
                case '[':
                    var end = 0;
                    if (text.Length == 0 || !TryMatchClass(pattern, ref end, text[0], out var inClass) || !inClass) return false;
                    pattern = pattern[end..];
                    break;
                default:
                    var literalLength = pattern[0] == '\\' ? 2 : 1;
                    if (text.Length == 0 || text[0] != pattern[literalLength - 1]) return false;
                    pattern = pattern[literalLength..];
                    break;
            }
            text = text[1..];
        }
        return text.Length == 0;
    }

    /// <summary>Reads the class starting at <paramref name="position"/> ('['); false when it is malformed.</summary>
    private static bool TryMatchClass(ReadOnlySpan<char> pattern, ref int position, char c, out bool matched)
    {
        matched = false;
        var i = position + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated) i++;
        var inClass = false;
        for (var ranges = 0; ; ranges++)
        {
            if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
            {
                i++;
                break;
            }
            if (!TryReadClassCharacter(pattern, ref i, out var low)) return false;
            var high = low;
            if (pattern[i] == '-')
            {
                i++;
                if (!TryReadClassCharacter(pattern, ref i, out high)) return false;
            }
            if (low <= c && c <= high) inClass = true;
        }
        position = i;
        matched = inClass != negated;
        return true;
    }

    /// <summary>One possibly escaped character of a class; like Go, the class must go on after it.</summary>
    private static bool TryReadClassCharacter(ReadOnlySpan<char> pattern, ref int i, out char c)
    {
        c = '\0';
        if (i >= pattern.Length || pattern[i] is '-' or ']') return false;
        if (pattern[i] == '\\' && ++i >= pattern.Length) return false;
        c = pattern[i++];
        return i < pattern.Length;
    }
}
