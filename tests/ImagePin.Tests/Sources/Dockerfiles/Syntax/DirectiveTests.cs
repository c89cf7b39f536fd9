using ImagePin.Sources.Dockerfiles.Syntax;
using static ImagePin.Tests.Sources.Dockerfiles.Syntax.ParserTestHelpers;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class DirectiveTests
{
    [Fact]
    public void Directives_at_the_top_are_read_with_lowercase_names()
    {
        var document = Parsed("# Syntax=docker/dockerfile:1.7\n#ESCAPE = `\n# check=skip=all\nFROM a\n");

        Assert.Equal(["syntax", "escape", "check"], document.Directives.Select(d => d.Name));
        Assert.Equal(["docker/dockerfile:1.7", "`", "skip=all"], document.Directives.Select(d => d.Value));
        Assert.Equal('`', document.EscapeChar);
        Assert.Empty(document.Comments);
    }

    [Fact]
    public void Directive_spans_point_at_name_and_trimmed_value()
    {
        var document = Parsed("  #  escape  =  `  \nFROM a\n");
        var escape = Assert.Single(document.Directives);

        Assert.Equal(new SourceSpan(5, 6, 1, 6, 1, 11), escape.NameSpan);
        Assert.Equal(new SourceSpan(16, 1, 1, 17, 1, 17), escape.ValueSpan);
        Assert.Equal(1, escape.Line);
    }

    [Theory]
    [InlineData("# a comment\n# escape=`\nFROM a `\n")]
    [InlineData("\n# escape=`\nFROM a `\n")]
    [InlineData("# unknown=1\n# escape=`\nFROM a `\n")]
    [InlineData("#\n# escape=`\nFROM a `\n")]
    [InlineData("FROM a `\n# escape=`\n")]
    public void Directive_after_a_non_directive_line_is_only_a_comment(string text)
    {
        var document = Parsed(text);

        Assert.Empty(document.Directives);
        Assert.Equal('\\', document.EscapeChar);
        Assert.Contains(document.Comments, c => c.Text == " escape=`");
    }

    [Fact]
    public void Repeated_directive_is_an_error_on_its_line()
    {
        var error = Failed("# escape=`\n# ESCAPE=\\\nFROM a\n");
        Assert.Equal("only one escape parser directive can be used", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Escape_directive_with_another_character_is_an_error()
    {
        var error = Failed("# escape=x\nFROM a\n");
        Assert.Equal("invalid escape token 'x' does not match ` or \\", error.Message);
        Assert.Equal((1, 10), (error.Line, error.Column));
    }

    [Fact]
    public void Backtick_escape_makes_backslash_an_ordinary_character()
    {
        var document = Parsed("# escape=`\nFROM windows\nRUN dir c:\\\nRUN echo `\n  done\n");

        Assert.Equal(3, document.Instructions.Count);
        Assert.Equal(["dir c:\\"], document.Instructions[1].Values());
        Assert.Equal(["echo   done"], document.Instructions[2].Values());
    }

    [Fact]
    public void Directive_without_value_ends_the_directive_section()
    {
        var document = Parsed("# syntax=\n# escape=`\nFROM a\n");
        Assert.Empty(document.Directives);
    }
}
