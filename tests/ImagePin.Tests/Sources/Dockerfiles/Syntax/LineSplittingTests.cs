using ImagePin.Sources.Dockerfiles.Syntax;
using static ImagePin.Tests.Sources.Dockerfiles.Syntax.ParserTestHelpers;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class LineSplittingTests
{
    [Fact]
    public void Comment_and_empty_lines_inside_a_continuation_are_dropped()
    {
        var run = Parsed("FROM a\nRUN one \\\n\n# note\n   \n  two\n").Instructions[1];
        Assert.Equal(["one   two"], run.Values());
        Assert.Equal((2, 6), (run.StartLine, run.EndLine));
    }

    [Fact]
    public void Spaces_and_tabs_after_the_escape_still_continue_the_line()
    {
        var run = Parsed("FROM a\nRUN one \\ \t\ntwo\n").Instructions[1];
        Assert.Equal(["one two"], run.Values());
    }

    [Fact]
    public void Escaped_escape_at_line_end_does_not_continue()
    {
        var document = Parsed("FROM a\nRUN echo \\\\\nRUN next\n");
        Assert.Equal(3, document.Instructions.Count);
        Assert.Equal(["echo \\\\"], document.Instructions[1].Values());
    }

    [Fact]
    public void Escape_at_end_of_file_without_newline_ends_the_instruction()
    {
        var document = Parsed("FROM a\nRUN echo hi \\");
        Assert.Equal(["echo hi"], document.Instructions[1].Values());
        Assert.Equal("FROM a\nRUN echo hi \\", document.Reprint());
    }

    [Fact]
    public void Missing_final_newline_keeps_the_last_token()
    {
        var document = Parsed("FROM alpine");
        Assert.Equal(["alpine"], document.Instructions[0].Values());
        Assert.Equal(new SourceSpan(5, 6, 1, 6, 1, 11), document.Instructions[0].Arguments[0].Span);
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_keep_their_spelling()
    {
        var from = Parsed("fRoM alpine\n").Instructions[0];
        Assert.Equal(("fRoM", "from"), (from.Keyword, from.Name));
    }

    [Fact]
    public void Reprint_reproduces_text_with_every_kind_of_line()
    {
        const string text = "\uFEFF# syntax=x\n\n  # comment\r\nFROM a \\\n# inner\n\n  AS b\t\r\n\nRUN <<EOF\nbody\nEOF\n\t\n";
        var document = Parsed(text);
        Assert.Equal(text[1..], document.Reprint());
    }

    [Fact]
    public void Line_longer_than_64_KiB_is_an_error_like_BuildKit_scanner()
    {
        var error = Failed("FROM a\nRUN echo " + new string('x', 70_000) + "\n");
        Assert.Equal("dockerfile line greater than max allowed size of 65535", error.Message);
        Assert.Equal(2, error.Line);
    }
}
