namespace ImagePin.Sources.Yaml;

/// <summary>
/// Masks Helm/Go template actions (<c>{{ … }}</c>) so that a chart template parses as YAML with every offset unchanged.
/// </summary>
/// <remarks>
/// Chart templates are often not valid YAML (<c>image: {{ .Values.image }}</c> opens a flow mapping; <c>{{- if … }}</c>
/// lines sit at any indentation). Each action is replaced by characters of the same count, line breaks kept: an action
/// alone on its line(s) becomes blanks (the line disappears for the parser); an action inside a line becomes <c>x</c>s,
/// so <c>image: {{ .Values.repo }}:{{ .Values.tag }}</c> reads as a plain scalar. Scalars overlapping a masked action
/// are marked <see cref="YamlScalar.HelmTemplated"/>, their <see cref="YamlScalar.Value"/> is the original characters
/// and they are never literal: a digest cannot be written into a value the template engine computes. What the masked
/// lines held (<c>include</c>, <c>toYaml</c>, conditionals) is not seen, so a rendered chart may hold more images.
/// </remarks>
internal sealed class HelmTemplateMask
{
    private readonly List<(int Start, int End)> ranges;

    private HelmTemplateMask(string text, List<(int Start, int End)> ranges)
    {
        Text = text;
        this.ranges = ranges;
    }

    /// <summary>The masked text (the same length as the original).</summary>
    public string Text { get; }

    public IReadOnlyList<(int Start, int End)> Ranges => ranges;

    public static HelmTemplateMask Apply(string text)
    {
        var ranges = new List<(int, int)>();
        if (!text.Contains("{{", StringComparison.Ordinal)) return new HelmTemplateMask(text, ranges);
        var chars = text.ToCharArray();
        var i = text.IndexOf("{{", StringComparison.Ordinal);
        while (i >= 0)
        {
            var close = text.IndexOf("}}", i + 2, StringComparison.Ordinal);
            var end = close < 0 ? LineEnd(text, i) : close + 2;
            var alone = BlankBefore(text, i) && BlankAfter(text, end);
            for (var k = i; k < end; k++)
                if (chars[k] is not ('\n' or '\r')) chars[k] = alone ? ' ' : 'x';
            ranges.Add((i, end));
            i = end < text.Length ? text.IndexOf("{{", end, StringComparison.Ordinal) : -1;
        }
        return new HelmTemplateMask(new string(chars), ranges);
    }

    /// <summary>Whether [start, end) touches a masked action.</summary>
    public bool Overlaps(int start, int end)
    {
        var lo = 0;
        var hi = ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (ranges[mid].End <= start) lo = mid + 1;
            else if (ranges[mid].Start >= end) hi = mid - 1;
            else return true;
        }
        return false;
    }

    internal static void MarkTemplated(YamlScalar scalar, string original)
    {
        var content = scalar.ContentSpan;
        var quoted = scalar.Style is YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted && content.Length >= 2;
        scalar.Value = quoted ? original.Substring(content.Start + 1, content.Length - 2) : original.Substring(content.Start, content.Length);
        scalar.HelmTemplated = true;
        YamlScalarText.NotLiteral(scalar, "contains a Helm template ({{ … }})");
    }

    private static int LineEnd(string text, int i)
    {
        while (i < text.Length && text[i] is not ('\n' or '\r')) i++;
        return i;
    }

    /// <summary>Only blanks between the line's start and <paramref name="i"/> (the scan stops at the first other character).</summary>
    private static bool BlankBefore(string text, int i)
    {
        var k = i - 1;
        while (k >= 0 && text[k] is ' ' or '\t') k--;
        return k < 0 || text[k] is '\n' or '\r';
    }

    /// <summary>Only blanks between <paramref name="i"/> and the line's end.</summary>
    private static bool BlankAfter(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return i == text.Length || text[i] is '\n' or '\r';
    }
}
