using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Sources.Dockerfiles;

/// <summary>
/// Which unset variables actually leave a hole in an expanded word. The lexer reports every unset name it
/// met, including <c>${X:-default}</c> (where the default fills the gap) and names inside unused defaults;
/// a name counts here only when it is used plainly (<c>$X</c>, <c>${X}</c>) and its empty value reaches the result.
/// </summary>
internal static class UnsetVariables
{
    private const char Marker = '\u0001';

    public static IReadOnlyList<string> Find(ShellWordExpander expander, string word, Func<string, string?> lookup, IReadOnlySet<string> unmatched)
    {
        if (unmatched.Count == 0) return [];
        var plain = PlainUses(word, expander.EscapeToken);
        var candidates = unmatched.Where(plain.Contains).ToList();
        if (candidates.Count == 0) return [];

        string Probe(string name) => $"{Marker}{name}{Marker}";
        string probed;
        try { probed = expander.ProcessWord(word, n => candidates.Contains(n) ? Probe(n) : lookup(n)).Value; }
        catch (ShellExpansionException) { return candidates.Order(StringComparer.Ordinal).ToList(); }
        return candidates.Where(n => probed.Contains(Probe(n), StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Names written as <c>$NAME</c> or <c>${NAME}</c> (no modifier), skipping escaped dollars and single quotes.</summary>
    private static HashSet<string> PlainUses(string word, char escape)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inSingle = false;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c == escape && !inSingle) { i++; continue; }
            if (c == '\'') { inSingle = !inSingle; continue; }
            if (c != '$' || inSingle || i + 1 >= word.Length) continue;
            var braced = word[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < word.Length && (char.IsLetterOrDigit(word[end]) || word[end] == '_')) end++;
            if (end == start) continue;
            if (!braced || (end < word.Length && word[end] == '}')) names.Add(word[start..end]);
        }
        return names;
    }
}
