using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ImagePin.Sources.Yaml;

/// <summary>
/// Reads quoted scalars whose continuation lines are indented less than YAML 1.2 requires, as libyaml (PyYAML) and
/// GitHub do. YamlDotNet rejects them ("multi-line … quoted scalar, found wrong indentation"); real workflows and
/// manifests have them (a long <c>command</c> argument whose lines start at the key's column). The builder parses
/// again with that scalar's line breaks turned into blanks (same length, so no offset moves) and decodes its value from
/// the original text separately. Such a scalar is never literal (it spans lines) and gets a non-fatal note.
/// </summary>
internal static class UnderIndentedQuotes
{
    /// <summary>Most scalars repaired in one file (each repair parses the file again).</summary>
    public const int MaxRepairs = 16;

    public static bool IsRepairable(YamlException e) =>
        (e.InnerException?.Message ?? e.Message) is var m
        && m.Contains("quoted scalar", StringComparison.Ordinal) && m.Contains("indentation", StringComparison.Ordinal);

    /// <summary>The parse text with the line breaks of the quoted scalar opening at <paramref name="quote"/> blanked, and the scalar's range.</summary>
    public static (string Text, (int Start, int End) Range)? Repair(string parseText, int quote)
    {
        if (quote < 0 || quote >= parseText.Length || parseText[quote] is not ('"' or '\'')) return null;
        var end = Closing(parseText, quote);
        if (end < 0) return null;
        var chars = parseText.ToCharArray();
        for (var i = quote + 1; i < end; i++)
            if (chars[i] is '\n' or '\r') chars[i] = ' ';
        return (new string(chars), (quote, end + 1));
    }

    /// <summary>The value of the original quoted scalar, decoded with its continuation lines indented by one more blank.</summary>
    public static string? Decode(string original)
    {
        var reindented = "x: " + original.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\n ", StringComparison.Ordinal);
        try
        {
            var parser = new Parser(new StringReader(reindented));
            var scalars = 0;
            while (parser.MoveNext())
                if (parser.Current is Scalar scalar && ++scalars == 2) return scalar.Value;
        }
        catch (YamlException)
        {
        }
        return null;
    }

    private static int Closing(string text, int quote)
    {
        var q = text[quote];
        for (var i = quote + 1; i < text.Length; i++)
        {
            if (q == '"' && text[i] == '\\') i++;
            else if (q == '\'' && text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'') i++;
            else if (text[i] == q) return i;
        }
        return -1;
    }
}
