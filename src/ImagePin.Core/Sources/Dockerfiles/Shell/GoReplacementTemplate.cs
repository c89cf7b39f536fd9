using System.Text;

namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>
/// BuildKit's replace-all goes through Go's <c>Regexp.ReplaceAllString</c>, which treats <c>$</c> in the
/// replacement as a template: <c>$$</c> is a dollar, <c>$0</c>/<c>${0}</c> the whole match, any other
/// name (the translated pattern has no groups) expands to nothing, and a malformed reference stays literal.
/// </summary>
internal static class GoReplacementTemplate
{
    public static void AppendExpanded(StringBuilder output, string template, string source, int matchStart, int matchEnd)
    {
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            output.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                output.Append('$');
                i++;
                continue;
            }
            if (!TryReadReference(template, i, out var name, out var next))
            {
                output.Append('$');
                continue;
            }
            if (name == "0") output.Append(source, matchStart, matchEnd - matchStart);
            i = next;
        }
        output.Append(template, i, template.Length - i);
    }

    // A reference is a run of letters, digits and '_', optionally inside braces.
    private static bool TryReadReference(string template, int start, out string name, out int next)
    {
        name = "";
        next = start;
        var braced = start < template.Length && template[start] == '{';
        var nameStart = braced ? start + 1 : start;
        var end = nameStart;
        while (end < template.Length && (Utf16Runes.IsLetterAt(template, end) || Utf16Runes.IsDigitAt(template, end) || template[end] == '_'))
            end += Utf16Runes.WidthAt(template, end);
        if (end == nameStart) return false;
        if (braced)
        {
            if (end >= template.Length || template[end] != '}') return false;
            next = end + 1;
        }
        else next = end;
        name = template[nameStart..end];
        return true;
    }
}
