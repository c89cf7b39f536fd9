namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// Recognises parser directives (<c># name=value</c>) at the top of a file, following BuildKit:
/// names are case-insensitive, only syntax/escape/check count, and the first line that is not a
/// known directive (instruction, blank line, other comment, unknown directive) ends the section.
/// A repeated directive is an error.
/// </summary>
internal sealed class DirectiveParser
{
    private static readonly string[] KnownNames = ["syntax", "escape", "check"];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private bool done;

    /// <summary>
    /// Looks at one line, already stripped of leading white space and line ending:
    /// [start, end) of <paramref name="source"/>. Returns the directive or null.
    /// </summary>
    public ParserDirective? ParseLine(SourceText source, int start, int end, int line)
    {
        if (done) return null;
        var directive = Match(source, start, end, line);
        if (directive == null || Array.IndexOf(KnownNames, directive.Name) < 0)
        {
            done = true;
            return null;
        }
        if (!seen.Add(directive.Name))
            throw new DockerfileSyntaxException($"only one {directive.Name} parser directive can be used", line, directive.NameSpan.StartColumn);
        return directive;
    }

    // Hand-written form of BuildKit's "#" + ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$ .
    private static ParserDirective? Match(SourceText source, int start, int end, int line)
    {
        var text = source.Text;
        if (start >= end || text[start] != '#') return null;
        var i = start + 1;
        while (i < end && GoText.IsSpace(text[i])) i++;
        var nameStart = i;
        if (i >= end || !char.IsAsciiLetter(text[i])) return null;
        while (i < end && char.IsAsciiLetterOrDigit(text[i])) i++;
        var nameEnd = i;
        while (i < end && GoText.IsRegexSpace(text[i])) i++;
        if (i >= end || text[i] != '=') return null;
        var rest = i + 1;
        if (rest >= end) return null;
        var valueStart = rest;
        while (valueStart < end && GoText.IsRegexSpace(text[valueStart])) valueStart++;
        var valueEnd = end;
        while (valueEnd > valueStart && GoText.IsRegexSpace(text[valueEnd - 1])) valueEnd--;
        // (.+?) needs one character: when only spaces follow '=', the regexp takes the last one.
        if (valueStart == end) valueStart = end - 1;
        if (valueEnd <= valueStart) valueEnd = valueStart + 1;
        return new ParserDirective(
            text[nameStart..nameEnd].ToLowerInvariant(),
            text[valueStart..valueEnd],
            source.Span(nameStart, nameEnd),
            source.Span(valueStart, valueEnd),
            line);
    }
}
