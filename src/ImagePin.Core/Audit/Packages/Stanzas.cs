namespace ImagePin.Audit.Packages;

/// <summary>
/// Splits a database into blank-line separated records of lines, for dpkg's control format and
/// apk's installed file alike. CRLF or LF, with or without a final newline.
/// </summary>
internal static class Stanzas
{
    public static IEnumerable<List<string>> Split(string text)
    {
        var current = new List<string>();
        foreach (var line in Lines(text))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0) yield return current;
                current = [];
                continue;
            }
            current.Add(line);
        }
        if (current.Count > 0) yield return current;
    }

    /// <summary>Lines split at LF only (a lone CR or form feed stays part of a value), trailing CR removed.</summary>
    public static IEnumerable<string> Lines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var length = end - start;
            if (length > 0 && text[end - 1] == '\r') length--;
            yield return text.Substring(start, length);
            start = end + 1;
        }
    }
}
