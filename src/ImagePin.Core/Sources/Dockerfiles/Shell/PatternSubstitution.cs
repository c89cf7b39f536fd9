using System.Text;

namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>
/// The pattern forms of parameter expansion. Each returns the new value, or null with a reason
/// when the pattern is invalid.
/// </summary>
internal static class PatternSubstitution
{
    /// <summary><c>${VAR#pattern}</c> (shortest) and <c>${VAR##pattern}</c> (longest): remove a matching prefix.</summary>
    public static string? TrimPrefix(string value, string pattern, bool longest, out string? error)
    {
        var parsed = ShellPattern.TryParse(pattern, longest, out error);
        if (parsed is null) return null;
        var end = parsed.On(value).MatchAt(0);
        return end < 0 ? value : value[end..];
    }

    /// <summary><c>${VAR%pattern}</c> (shortest) and <c>${VAR%%pattern}</c> (longest): remove a matching suffix.</summary>
    public static string? TrimSuffix(string value, string pattern, bool longest, out string? error)
    {
        // As BuildKit does: a suffix match is a prefix match of the reversed pattern on the reversed value.
        var parsed = ShellPattern.TryParse(ReversePattern(pattern), longest, out error);
        if (parsed is null) return null;
        var reversed = Utf16Runes.Reverse(value);
        var end = parsed.On(reversed).MatchAt(0);
        return end < 0 ? value : Utf16Runes.Reverse(reversed[end..]);
    }

    /// <summary><c>${VAR/pattern/replacement}</c>: replace the leftmost (longest-wildcard) match, inserting the replacement as is.</summary>
    public static string? ReplaceFirst(string value, string pattern, string replacement, out string? error)
    {
        var parsed = ShellPattern.TryParse(pattern, greedy: true, out error);
        if (parsed is null) return null;
        if (parsed.On(value).FindFrom(0) is not var (start, end)) return value;
        return string.Concat(value.AsSpan(0, start), replacement, value.AsSpan(end));
    }

    /// <summary>
    /// <c>${VAR//pattern/replacement}</c>: replace every match, following Go's ReplaceAllString: an empty
    /// match right after a match is skipped, and <c>$</c> in the replacement is a template (<c>$0</c> is the match).
    /// </summary>
    public static string? ReplaceAll(string value, string pattern, string replacement, out string? error)
    {
        var parsed = ShellPattern.TryParse(pattern, greedy: true, out error);
        if (parsed is null) return null;
        var matcher = parsed.On(value);
        var result = new StringBuilder(value.Length);
        int searchFrom = 0, lastMatchEnd = 0;
        while (searchFrom <= value.Length && matcher.FindFrom(searchFrom) is var (start, end))
        {
            result.Append(value, lastMatchEnd, start - lastMatchEnd);
            if (end > lastMatchEnd || start == 0) GoReplacementTemplate.AppendExpanded(result, replacement, value, start, end);
            lastMatchEnd = end;
            // Always advance by at least one character, so empty matches cannot loop.
            var width = searchFrom < value.Length ? Utf16Runes.WidthAt(value, searchFrom) : 0;
            if (searchFrom + width > end) searchFrom += width;
            else if (searchFrom + 1 > end) searchFrom++;
            else searchFrom = end;
        }
        return result.Append(value, lastMatchEnd, value.Length - lastMatchEnd).ToString();
    }

    /// <summary>Reverses a pattern by code point while keeping each backslash before the character it escapes.</summary>
    internal static string ReversePattern(string pattern)
    {
        var units = new List<string>(pattern.Length);
        for (var i = 0; i < pattern.Length;)
        {
            var width = Utf16Runes.WidthAt(pattern, i);
            if (pattern[i] == '\\' && i + 1 < pattern.Length) width = 1 + Utf16Runes.WidthAt(pattern, i + 1);
            units.Add(pattern.Substring(i, width));
            i += width;
        }
        units.Reverse();
        return string.Concat(units);
    }
}
