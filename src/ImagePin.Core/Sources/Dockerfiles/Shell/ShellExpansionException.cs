namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>A word could not be expanded: bad syntax, an unsupported modifier or a required variable without value.</summary>
internal sealed class ShellExpansionException : Exception
{
    public ShellExpansionException(string word, int offset, string reason)
        : base($"failed to process {GoQuoted(word)}: {reason} (at character {offset + 1})")
    {
        Word = word;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The whole word that was being expanded.</summary>
    public string Word { get; }

    /// <summary>Zero-based index in <see cref="Word"/> where the failing construct starts.</summary>
    public int Offset { get; }

    /// <summary>The problem alone, worded as BuildKit words it (e.g. <c>unsupported modifier (:=) in substitution</c>).</summary>
    public string Reason { get; }

    // Quoted like BuildKit's %q so messages read the same as docker build's.
    private static string GoQuoted(string text)
    {
        var quoted = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(ch)) quoted.Append($"\\u{(int)ch:x4}");
                    else quoted.Append(ch);
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
