using ImagePin.Sources.Dockerfiles.Syntax;
using static ImagePin.Tests.Sources.Dockerfiles.Syntax.ParserTestHelpers;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class HeredocTests
{
    [Fact]
    public void Heredoc_body_is_not_parsed_as_instructions()
    {
        var document = Parsed("FROM a\nRUN <<EOF\nFROM evil\n# not a comment\nEOF\nUSER me\n");

        Assert.Equal(["from", "run", "user"], document.Instructions.Select(i => i.Name));
        Assert.Empty(document.Comments);
        var heredoc = Assert.Single(document.Instructions[1].Heredocs);
        Assert.Equal("EOF", heredoc.Name);
        Assert.Equal("FROM evil\n# not a comment\n", heredoc.Content);
        Assert.Equal(heredoc.Content, document.TextOf(heredoc.BodySpan));
        Assert.Equal("<<EOF", document.TextOf(heredoc.MarkerSpan));
        Assert.Equal((5, 1), (heredoc.TerminatorSpan.StartLine, heredoc.TerminatorSpan.StartColumn));
        Assert.Equal((2, 5), (document.Instructions[1].StartLine, document.Instructions[1].EndLine));
    }

    [Fact]
    public void Several_heredocs_on_one_instruction_are_read_in_order()
    {
        var run = Parsed("FROM a\nRUN <<ONE cat - 3<<TWO\nfirst\nONE\nsecond\nTWO\n").Instructions[1];

        Assert.Equal(["ONE", "TWO"], run.Heredocs.Select(h => h.Name));
        Assert.Equal(["first\n", "second\n"], run.Heredocs.Select(h => h.Content));
        Assert.Equal(3, run.Heredocs[1].FileDescriptor);
        Assert.Equal(6, run.EndLine);
    }

    [Fact]
    public void Dash_heredoc_ends_at_a_tab_indented_terminator_and_quotes_disable_expansion()
    {
        var copy = Parsed("FROM a\nCOPY <<-\"END\" /x\n\tline\n\tEND\n").Instructions[1];
        var heredoc = Assert.Single(copy.Heredocs);

        Assert.True(heredoc.Chomp);
        Assert.False(heredoc.Expand);
        Assert.Equal("END", heredoc.Name);
        Assert.Equal("\tline\n", heredoc.Content);
    }

    [Fact]
    public void Single_quoted_delimiter_is_unquoted_and_not_expanded()
    {
        var heredoc = Assert.Single(Parsed("FROM a\nRUN <<'EOF'\n$X\nEOF\n").Instructions[1].Heredocs);
        Assert.Equal(("EOF", false), (heredoc.Name, heredoc.Expand));
    }

    [Theory]
    [InlineData("FROM a\nRUN [\"cat\", \"<<EOF\"]\nUSER b\n")]
    [InlineData("FROM a\nRUN echo \"<<EOF\"\nUSER b\n")]
    [InlineData("FROM a\nENV X=<<EOF\nUSER b\n")]
    public void Heredoc_marker_in_json_in_quotes_or_other_instructions_is_ignored(string text)
    {
        var document = Parsed(text);
        Assert.Equal(3, document.Instructions.Count);
        Assert.All(document.Instructions, i => Assert.Empty(i.Heredocs));
    }

    [Fact]
    public void Onbuild_run_heredoc_belongs_to_the_onbuild_instruction()
    {
        var onbuild = Parsed("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n").Instructions[1];
        Assert.Equal("EOF", Assert.Single(onbuild.Heredocs).Name);
    }

    [Fact]
    public void Unterminated_heredoc_is_an_error_on_the_instruction_line()
    {
        var error = Failed("FROM a\nRUN <<EOF\necho hi\n");
        Assert.StartsWith("unterminated heredoc", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Heredoc_terminator_with_crlf_ending_is_recognised()
    {
        var document = Parsed("FROM a\r\nRUN <<EOF\r\nx\r\nEOF\r\nUSER b\r\n");
        Assert.Equal("x\r\n", Assert.Single(document.Instructions[1].Heredocs).Content);
        Assert.Equal(3, document.Instructions.Count);
    }

    [Fact]
    public void Unclosed_quote_on_the_line_means_no_heredoc_as_in_the_shell_lexer()
    {
        var document = Parsed("FROM a\nRUN echo it's <<EOF\nUSER x\nEOF\n");
        Assert.Empty(document.Instructions[1].Heredocs);
        Assert.Equal(["from", "run", "user", "eof"], document.Instructions.Select(i => i.Name));
    }

    [Fact]
    public void Marker_glued_to_a_command_word_is_not_a_heredoc()
    {
        var document = Parsed("FROM a\nRUN cat<<EOF\nUSER x\n");
        Assert.Empty(document.Instructions[1].Heredocs);
        Assert.Equal(3, document.Instructions.Count);
    }

    [Fact]
    public void Backslash_escaped_delimiter_is_unescaped_and_still_expands()
    {
        var heredoc = Assert.Single(Parsed("FROM a\nRUN <<\\EOF\nx\nEOF\n").Instructions[1].Heredocs);
        Assert.Equal(("EOF", true), (heredoc.Name, heredoc.Expand));
    }

    [Fact]
    public void Spaces_inside_a_variable_expansion_split_words_like_the_lexer()
    {
        // "${X:-a <<EOF}" lexes to the words "${X:-a", "<<EOF}": the second is a heredoc named "EOF}".
        var heredoc = Assert.Single(Parsed("FROM a\nRUN echo ${X:-a <<EOF}\nbody\nEOF}\n").Instructions[1].Heredocs);
        Assert.Equal("EOF}", heredoc.Name);
    }
}
