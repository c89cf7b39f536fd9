namespace ImagePin.Sources.Yaml;

/// <summary>
/// Turns UTF-16 offsets into 1-based lines and columns with YAML's line breaks (LF, CRLF and a lone CR).
/// Columns count UTF-16 code units, as YamlDotNet's marks do.
/// </summary>
internal sealed class YamlLineMap
{
    private readonly int[] starts;

    public YamlLineMap(string text)
    {
        var list = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            else if (c != '\n' && c != '\r') continue;
            list.Add(i + 1);
        }
        starts = [.. list];
        Length = text.Length;
    }

    public int Length { get; }

    public int LineCount => starts.Length;

    public (int Line, int Column) Position(int offset)
    {
        var index = Array.BinarySearch(starts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - starts[index] + 1);
    }

    /// <summary>The location of [start, end); an empty range names its start twice, as <see cref="TextLocation"/> wants.</summary>
    public TextLocation Location(int start, int end)
    {
        var (line, column) = Position(start);
        if (end <= start) return new TextLocation(start, 0, line, column, line, column);
        var (endLine, endColumn) = Position(end - 1);
        return new TextLocation(start, end - start, line, column, endLine, endColumn);
    }

    /// <summary>Offset of the first character of 1-based <paramref name="line"/>.</summary>
    public int LineStart(int line) => starts[Math.Clamp(line, 1, starts.Length) - 1];
}
