using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace ImagePin.Editing;

/// <summary>Unified diff text as <c>diff -u</c> and <c>git diff</c> print it, for showing edits without writing them.</summary>
internal static class UnifiedDiff
{
    /// <summary>Empty when the texts are equal. Line endings are part of a line, so a changed CRLF shows as a change.</summary>
    public static string Create(string path, string before, string after, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (before == after) return "";

        var diff = Differ.Instance.CreateDiffs(before, after, false, false, TerminatorKeepingLineChunker.Instance);
        var displayPath = path.Replace('\\', '/');
        var output = new StringBuilder();
        output.Append("--- a/").Append(displayPath).Append('\n');
        output.Append("+++ b/").Append(displayPath).Append('\n');
        foreach (var hunk in Hunk.Group(diff.DiffBlocks, diff.PiecesOld.Count, diff.PiecesNew.Count, context))
            hunk.AppendTo(output, diff.PiecesOld, diff.PiecesNew);
        return output.ToString();
    }

    /// <summary>Changed blocks close enough to share context lines, plus that context.</summary>
    private sealed record Hunk(int OldStart, int OldEnd, int NewStart, int NewEnd, IReadOnlyList<DiffBlock> Blocks)
    {
        public static IEnumerable<Hunk> Group(IList<DiffBlock> blocks, int oldCount, int newCount, int context)
        {
            var index = 0;
            while (index < blocks.Count)
            {
                var first = index;
                // Blocks whose gap is at most 2*context lines print as one hunk, as GNU diff does.
                while (index + 1 < blocks.Count
                       && blocks[index + 1].DeleteStartA - (blocks[index].DeleteStartA + blocks[index].DeleteCountA) <= 2 * context)
                    index++;
                var firstBlock = blocks[first];
                var lastBlock = blocks[index];
                var leading = Math.Min(context, firstBlock.DeleteStartA);
                var lastOldEnd = lastBlock.DeleteStartA + lastBlock.DeleteCountA;
                var trailing = Math.Min(context, oldCount - lastOldEnd);
                yield return new Hunk(
                    firstBlock.DeleteStartA - leading,
                    lastOldEnd + trailing,
                    firstBlock.InsertStartB - leading,
                    Math.Min(newCount, lastBlock.InsertStartB + lastBlock.InsertCountB + trailing),
                    blocks.Skip(first).Take(index - first + 1).ToList());
                index++;
            }
        }

        public void AppendTo(StringBuilder output, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
        {
            output.Append("@@ -").Append(Range(OldStart, OldEnd - OldStart))
                  .Append(" +").Append(Range(NewStart, NewEnd - NewStart)).Append(" @@\n");
            var oldLine = OldStart;
            foreach (var block in Blocks)
            {
                for (; oldLine < block.DeleteStartA; oldLine++) AppendLine(output, ' ', oldLines[oldLine]);
                for (var i = 0; i < block.DeleteCountA; i++) AppendLine(output, '-', oldLines[block.DeleteStartA + i]);
                for (var i = 0; i < block.InsertCountB; i++) AppendLine(output, '+', newLines[block.InsertStartB + i]);
                oldLine = block.DeleteStartA + block.DeleteCountA;
            }
            for (; oldLine < OldEnd; oldLine++) AppendLine(output, ' ', oldLines[oldLine]);
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

    /// <summary>Splits after each '\n' and keeps it, so "\r\n" stays part of its line and a missing final newline is visible.</summary>
    private sealed class TerminatorKeepingLineChunker : IChunker
    {
        public static readonly TerminatorKeepingLineChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text)
        {
            var lines = new List<string>();
            var start = 0;
            while (start < text.Length)
            {
                var newline = text.IndexOf('\n', start);
                var end = newline < 0 ? text.Length : newline + 1;
                lines.Add(text[start..end]);
                start = end;
            }
            return lines;
        }
    }
}
