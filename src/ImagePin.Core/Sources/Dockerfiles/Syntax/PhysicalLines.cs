namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// One line of the source: [Start, ContentEnd) is its text without the trailing CR/LF characters
/// (BuildKit's trimNewline), [ContentEnd, End) the line ending. Lines split at LF only.
/// </summary>
internal readonly record struct PhysicalLine(int Number, int Start, int ContentEnd, int End);

/// <summary>
/// Reads the source line by line, keeping line endings (BuildKit's scanLines). Like BuildKit's
/// bufio.Scanner, a line longer than 64 KiB of UTF-8 is an error.
/// </summary>
internal sealed class PhysicalLines(string text)
{
    private const int MaxLineBytes = 64 * 1024;

    private int next;
    private int number;

    public bool TryRead(out PhysicalLine line)
    {
        if (next >= text.Length)
        {
            line = default;
            return false;
        }
        var start = next;
        var newline = text.IndexOf('\n', start);
        var end = newline < 0 ? text.Length : newline + 1;
        var contentEnd = end;
        while (contentEnd > start && text[contentEnd - 1] is '\n' or '\r') contentEnd--;
        next = end;
        line = new PhysicalLine(++number, start, contentEnd, end);
        if (end - start > MaxLineBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(start, end - start)) > MaxLineBytes)
            throw new DockerfileSyntaxException($"dockerfile line greater than max allowed size of {MaxLineBytes - 1}", number, 1);
        return true;
    }

    /// <summary>Number of the last line read (0 before the first).</summary>
    public int LastNumber => number;
}
