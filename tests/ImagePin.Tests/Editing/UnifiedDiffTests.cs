using System.Text;
using ImagePin.Editing;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Editing;

public class UnifiedDiffTests
{
    private const string Header = "--- a/Dockerfile\n+++ b/Dockerfile\n";

    private static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"{i}\n"));

    private static string Diff(string before, string after, int context = 3) =>
        UnifiedDiff.FromEdits("Dockerfile", before, LineEdits(before, after), context);

    /// <summary>The edits that turn <paramref name="before"/> into <paramref name="after"/> line by line (a longest common subsequence of lines).</summary>
    private static List<TextEdit> LineEdits(string before, string after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var common = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
            for (var j = b.Count - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        var edits = new List<TextEdit>();
        int x = 0, y = 0, offset = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y]) { offset += a[x++].Length; y++; continue; }
            var start = offset;
            var inserted = new System.Text.StringBuilder();
            while ((x < a.Count || y < b.Count) && !(x < a.Count && y < b.Count && a[x] == b[y]))
            {
                if (y < b.Count && (x == a.Count || common[x, y + 1] >= common[x + 1, y])) inserted.Append(b[y++]);
                else offset += a[x++].Length;
            }
            edits.Add(new TextEdit(start, offset - start, inserted.ToString()));
        }
        return edits;
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    [Fact]
    public void Digest_insertions_change_only_their_lines_and_keep_the_rest_as_context()
    {
        var before = "FROM a:1\nRUN x\nFROM b:2 AS b\n";
        var edits = new[] { new TextEdit(8, 0, "@sha256:aa"), new TextEdit(23, 0, "@sha256:bb") };

        var diff = UnifiedDiff.FromEdits("Dockerfile", before, edits);

        Assert.Equal(Header + "@@ -1,3 +1,3 @@\n-FROM a:1\n+FROM a:1@sha256:aa\n RUN x\n-FROM b:2 AS b\n+FROM b:2@sha256:bb AS b\n", diff);
        Assert.Equal("", UnifiedDiff.FromEdits("Dockerfile", before, []));
    }

    [Fact]
    public void Equal_texts_give_an_empty_diff()
    {
        Assert.Equal("", Diff("a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void One_changed_line_shows_three_lines_of_context_each_side()
    {
        var after = Lines(1, 10).Replace("5\n", "five\n");
        var expected = Header + "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n";
        Assert.Equal(expected, Diff(Lines(1, 10), after));
    }

    [Fact]
    public void Context_is_cut_at_the_start_and_end_of_the_file()
    {
        var after = "one\n" + Lines(2, 3) + "three-and-a-bit\n";
        var before = Lines(1, 3);
        var expected = Header + "@@ -1,3 +1,4 @@\n-1\n+one\n 2\n 3\n+three-and-a-bit\n";
        Assert.Equal(expected, Diff(before, after));
    }

    [Fact]
    public void Changes_more_than_six_lines_apart_get_separate_hunks()
    {
        var before = Lines(1, 20);
        var after = "1\ntwo\n" + Lines(3, 14) + "fifteen\n" + Lines(16, 20);
        var expected = Header
            + "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            + "@@ -12,7 +12,7 @@\n 12\n 13\n 14\n-15\n+fifteen\n 16\n 17\n 18\n";
        Assert.Equal(expected, Diff(before, after));
    }

    [Fact]
    public void Changes_six_lines_apart_share_one_hunk()
    {
        var before = Lines(1, 20);
        var after = "1\ntwo\n" + Lines(3, 8) + "nine\n" + Lines(10, 20);
        var diff = Diff(before, after);
        Assert.StartsWith(Header + "@@ -1,12 +1,12 @@\n", diff);
        Assert.Single(diff.Split('\n'), line => line.StartsWith("@@"));
    }

    [Fact]
    public void Changes_seven_lines_apart_get_separate_hunks()
    {
        var before = Lines(1, 20);
        var after = "1\ntwo\n" + Lines(3, 9) + "ten\n" + Lines(11, 20);
        var expected = Header
            + "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            + "@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n";
        Assert.Equal(expected, Diff(before, after));
    }

    [Fact]
    public void Missing_final_newline_is_marked_on_both_sides()
    {
        var expected = Header + "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n";
        Assert.Equal(expected, Diff("a\nb", "a\nc"));
    }

    [Fact]
    public void Adding_the_final_newline_is_a_change_of_the_last_line()
    {
        var expected = Header + "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n";
        Assert.Equal(expected, Diff("a\nb", "a\nb\n"));
    }

    [Fact]
    public void Unchanged_last_line_without_newline_is_marked_as_context()
    {
        var expected = Header + "@@ -1,2 +1,2 @@\n-a\n+A\n b\n\\ No newline at end of file\n";
        Assert.Equal(expected, Diff("a\nb", "A\nb"));
    }

    [Fact]
    public void Empty_range_names_the_line_before_it()
    {
        Assert.Equal(Header + "@@ -0,0 +1 @@\n+x\n", Diff("", "x\n"));
        Assert.Equal(Header + "@@ -5 +4,0 @@\n-5\n", Diff(Lines(1, 10), Lines(1, 4) + Lines(6, 10), context: 0));
    }

    [Fact]
    public void Crlf_stays_inside_the_diff_lines()
    {
        var expected = Header + "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n";
        Assert.Equal(expected, Diff("a\r\nb\r\n", "a\r\nB\r\n"));
    }

    [Fact]
    public void Windows_separators_in_the_path_print_as_forward_slashes()
    {
        Assert.StartsWith("--- a/sub/Dockerfile\n+++ b/sub/Dockerfile\n", UnifiedDiff.FromEdits("sub\\Dockerfile", "a\n", [new TextEdit(0, 1, "b")]));
    }

    public static TheoryData<string, string> HandCases => new()
    {
        { Lines(1, 10), Lines(1, 4) + "five\n" + Lines(6, 10) },
        { Lines(1, 30), Lines(1, 2) + Lines(4, 20) + "x\ny\n" + Lines(21, 30) },
        { Lines(1, 20), "1\ntwo\n" + Lines(3, 8) + "nine\n" + Lines(10, 20) },
        { Lines(1, 20), "1\ntwo\n" + Lines(3, 9) + "ten\n" + Lines(11, 20) },
        { "a\nb", "a\nc" },
        { "a\nb", "a\nb\n" },
        { "FROM a:1\r\nRUN x\r\n", "FROM a:1@sha256:00\r\nRUN x\r\n" },
        { "", "x\n" },
        { "x\n", "" },
    };

    [Theory]
    [MemberData(nameof(HandCases))]
    public void Output_is_identical_to_gnu_diff_u(string before, string after)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("before"), before);
        File.WriteAllText(dir.File("after"), after);
        var (exitCode, gnuDiff) = Run(dir.Path, "diff", "-u", "--label", "a/Dockerfile", "--label", "b/Dockerfile", "before", "after");
        Assert.Equal(1, exitCode); // 1 = differences found

        Assert.Equal(gnuDiff, Diff(before, after));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Git_applies_the_diff_and_reproduces_the_edited_text(int seed)
    {
        var (before, after) = RandomEdit(seed);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("Dockerfile"), before);
        File.WriteAllText(dir.File("change.patch"), Diff(before, after));

        var (exitCode, output) = Run(dir.Path, "git", "apply", "--whitespace=nowarn", "change.patch");

        Assert.True(exitCode == 0, output);
        Assert.Equal(after, File.ReadAllText(dir.File("Dockerfile")));
    }

    /// <summary>Lines drawn from a small alphabet so equal lines repeat and the diff has to choose an alignment.</summary>
    private static (string Before, string After) RandomEdit(int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, 60).Select(_ => $"line {random.Next(8)}\n").ToList();
        var before = string.Concat(lines);
        for (var i = 0; i < 8; i++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(3))
            {
                case 0: lines[at] = $"changed {random.Next(8)}\n"; break;
                case 1: lines.Insert(at, $"inserted {random.Next(8)}\n"); break;
                default: lines.RemoveAt(at); break;
            }
        }
        var after = string.Concat(lines);
        if (seed % 2 == 0) after = after.TrimEnd('\n'); // also exercise the missing final newline
        if (seed % 3 == 0) (before, after) = (before.Replace("\n", "\r\n"), after.Replace("\n", "\r\n"));
        return (before, after);
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, string program, params string[] arguments)
    {
        var (code, output, error) = ExternalTool.Run(workingDirectory, program, arguments);
        return (code, output + error);
    }
}
