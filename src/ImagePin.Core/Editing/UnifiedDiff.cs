using System.Text;

namespace ImagePin.Editing;

/// <summary>
/// Unified diff text as <c>diff -u</c> and <c>git diff</c> print it, built straight from the edits that make the
/// new text (no diff search): the lines an edit touches are the changed lines, so the work is linear in the size
/// of the file, however many references it pins.
/// </summary>
internal static class UnifiedDiff
{
    /// <summary>Empty when there are no edits. Line endings are part of a line, so a changed CRLF shows as a change.</summary>
    /// <param name="edits">Non-overlapping edits of <paramref name="before"/> (as <see cref="TextEditor"/> takes them).</param>
    public static string FromEdits(string path, string before, IEnumerable<TextEdit> edits, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var sorted = TextEditor.Sorted(before.Length, edits);
        var lines = new LineIndex(before);
        var blocks = Blocks(before, lines, sorted);
        if (blocks.Count == 0) return "";

        var displayPath = path.Replace('\\', '/');
        var output = new StringBuilder();
        output.Append("--- a/").Append(displayPath).Append('\n');
        output.Append("+++ b/").Append(displayPath).Append('\n');
        foreach (var hunk in Hunk.Group(blocks, lines.Count, context))
            hunk.AppendTo(output, before, lines);
        return output.ToString();
    }

    /// <summary>Old lines [<paramref name="OldStart"/>, +<paramref name="OldCount"/>) become <paramref name="NewLines"/>, which start at new line <paramref name="NewStart"/>.</summary>
    private sealed record Block(int OldStart, int OldCount, int NewStart, IReadOnlyList<string> NewLines);

    /// <summary>Edits on the same or adjacent lines make one block, as diff shows consecutive changed lines together.</summary>
    private static List<Block> Blocks(string before, LineIndex lines, List<TextEdit> sorted)
    {
        var blocks = new List<Block>();
        var delta = 0;
        var i = 0;
        while (i < sorted.Count)
        {
            var (first, end) = LinesOf(lines, sorted[i]);
            var j = i + 1;
            for (; j < sorted.Count; j++)
            {
                var (nextFirst, nextEnd) = LinesOf(lines, sorted[j]);
                if (nextFirst > end) break;
                end = Math.Max(end, nextEnd);
            }
            var start = lines.StartOf(first);
            var stop = lines.StartOf(end);
            var replaced = new StringBuilder(stop - start + 80);
            var position = start;
            for (var k = i; k < j; k++)
            {
                replaced.Append(before, position, sorted[k].Start - position).Append(sorted[k].NewText);
                position = sorted[k].End;
            }
            replaced.Append(before, position, stop - position);
            var newLines = Split(replaced.ToString());
            var oldCount = end - first;
            var unchanged = oldCount == newLines.Count && Enumerable.Range(0, oldCount).All(n => lines.Text(before, first + n) == newLines[n]);
            if (!unchanged) blocks.Add(new Block(first, oldCount, first + delta, newLines));
            delta += newLines.Count - oldCount;
            i = j;
        }
        return blocks;
    }

    /// <summary>
    /// The old lines [first, end) an edit changes. An edit of whole lines (from a line start to a line start, new
    /// text empty or ending in a newline) changes only those lines, so an inserted line leaves its neighbours as
    /// context; any other edit changes every line it touches, the line it inserts into included.
    /// </summary>
    private static (int First, int End) LinesOf(LineIndex lines, TextEdit edit)
    {
        var first = lines.LineOf(edit.Start);
        if (lines.IsLineStart(edit.Start) && lines.IsLineStart(edit.End) && (edit.NewText.Length == 0 || edit.NewText.EndsWith('\n')))
            return (first, lines.LineOf(edit.End));
        var last = edit.Length == 0 ? first : lines.LineOf(edit.End - 1);
        return (first, Math.Min(last + 1, lines.Count));
    }

    /// <summary>Splits after each '\n' and keeps it, so "\r\n" stays part of its line and a missing final newline is visible.</summary>
    private static List<string> Split(string text)
    {
        var result = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            result.Add(text[start..end]);
            start = end;
        }
        return result;
    }

    /// <summary>Where each line of a text starts. Offset text.Length is on a line of its own only after a final newline (or in an empty text).</summary>
    private sealed class LineIndex
    {
        private readonly List<int> _starts = [];
        private readonly int _length;
        private readonly bool _endsWithNewline;

        public LineIndex(string text)
        {
            _length = text.Length;
            _endsWithNewline = text.EndsWith('\n');
            for (var start = 0; start < text.Length;)
            {
                _starts.Add(start);
                var newline = text.IndexOf('\n', start);
                start = newline < 0 ? text.Length : newline + 1;
            }
        }

        public int Count => _starts.Count;

        public int StartOf(int line) => line >= Count ? _length : _starts[line];

        public string Text(string text, int line) => text[StartOf(line)..StartOf(line + 1)];

        /// <summary>Whether a line starts at the offset (the end of a text that ends with a newline counts).</summary>
        public bool IsLineStart(int offset) =>
            offset >= _length ? Count == 0 || _endsWithNewline : _starts.BinarySearch(offset) >= 0;

        public int LineOf(int offset)
        {
            if (offset >= _length) return Count == 0 || _endsWithNewline ? Count : Count - 1;
            var index = _starts.BinarySearch(offset);
            return index >= 0 ? index : ~index - 1;
        }
    }

    /// <summary>Changed blocks close enough to share context lines, plus that context.</summary>
    private sealed record Hunk(int OldStart, int OldEnd, int NewStart, int NewEnd, IReadOnlyList<Block> Blocks)
    {
        public static IEnumerable<Hunk> Group(List<Block> blocks, int oldCount, int context)
        {
            var index = 0;
            while (index < blocks.Count)
            {
                var first = index;
                // Blocks whose gap is at most 2*context lines print as one hunk, as GNU diff does.
                while (index + 1 < blocks.Count
                       && blocks[index + 1].OldStart - (blocks[index].OldStart + blocks[index].OldCount) <= 2 * context)
                    index++;
                var firstBlock = blocks[first];
                var lastBlock = blocks[index];
                var leading = Math.Min(context, firstBlock.OldStart);
                var lastOldEnd = lastBlock.OldStart + lastBlock.OldCount;
                var trailing = Math.Min(context, oldCount - lastOldEnd);
                yield return new Hunk(
                    firstBlock.OldStart - leading,
                    lastOldEnd + trailing,
                    firstBlock.NewStart - leading,
                    lastBlock.NewStart + lastBlock.NewLines.Count + trailing,
                    blocks.GetRange(first, index - first + 1));
                index++;
            }
        }

        public void AppendTo(StringBuilder output, string before, LineIndex lines)
        {
            output.Append("@@ -").Append(Range(OldStart, OldEnd - OldStart))
                  .Append(" +").Append(Range(NewStart, NewEnd - NewStart)).Append(" @@\n");
            var oldLine = OldStart;
            foreach (var block in Blocks)
            {
                for (; oldLine < block.OldStart; oldLine++) AppendLine(output, ' ', lines.Text(before, oldLine));
                for (var i = 0; i < block.OldCount; i++) AppendLine(output, '-', lines.Text(before, block.OldStart + i));
                foreach (var line in block.NewLines) AppendLine(output, '+', line);
                oldLine = block.OldStart + block.OldCount;
            }
            for (; oldLine < OldEnd; oldLine++) AppendLine(output, ' ', lines.Text(before, oldLine));
        }

        /// <summary>1-based start; an empty range names the line before it, and a count of 1 is left out.</summary>
        private static string Range(int start, int count) => count switch
        {
            0 => $"{start},0",
            1 => $"{start + 1}",
            _ => $"{start + 1},{count}",
        };

        private static void AppendLine(StringBuilder output, char marker, string line)
        {
            output.Append(marker).Append(line);
            if (!line.EndsWith('\n'))
                output.Append("\n\\ No newline at end of file\n");
        }
    }
}
