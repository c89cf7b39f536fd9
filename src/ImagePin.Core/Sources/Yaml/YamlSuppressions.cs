namespace ImagePin.Sources.Yaml;

/// <summary>
/// <c># imagepin:ignore [reason]</c> in YAML: a comment line right above the image's line, or a comment after the value
/// on the same line (<c>image: nginx # imagepin:ignore tested by hand</c>).
/// </summary>
internal static class YamlSuppressions
{
    /// <returns>The reason ("" when none is given) when the image at <paramref name="location"/> is suppressed, else null.</returns>
    public static string? For(YamlFile file, TextLocation location)
    {
        var text = file.Text;
        var lineEnd = LineEnd(text, location.End);
        // A comment after the value: a '#' after a blank, past the image's last character.
        for (var i = location.End; i < lineEnd; i++)
        {
            if (text[i] == '#' && i > 0 && text[i - 1] is ' ' or '\t')
                return Reason(text.AsSpan(i + 1, lineEnd - i - 1));
        }
        if (location.Line < 2) return null;
        var start = file.Lines.LineStart(location.Line - 1);
        var above = text.AsSpan(start, LineEnd(text, start) - start).Trim();
        return above.StartsWith("#") ? Reason(above[1..]) : null;
    }

    // The same directive rules as every source: case and spaces around the colon do not matter.
    private static string? Reason(ReadOnlySpan<char> comment) => Directive.Parse(comment) is { IsIgnore: true } d ? d.Argument : null;

    private static int LineEnd(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is not ('\n' or '\r')) i++;
        return i;
    }
}
