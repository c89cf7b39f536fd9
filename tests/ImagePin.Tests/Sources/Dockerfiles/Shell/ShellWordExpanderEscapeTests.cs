using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>The escape token (\ by default, ` after "# escape=`"), quotes and their removal.</summary>
public class ShellWordExpanderEscapeTests
{
    private static readonly ShellWordExpander Backtick = new('`');
    private static readonly Dictionary<string, string> Variables = new() { ["X"] = "x" };

    [Fact]
    public void With_backtick_escape_a_backslash_is_an_ordinary_character()
    {
        Assert.Equal(@"C:\dir\x", Backtick.ProcessWord(@"C:\dir\$X", Variables).Value);
    }

    [Fact]
    public void Backtick_escapes_a_dollar()
    {
        Assert.Equal("$X", Backtick.ProcessWord("`$X", Variables).Value);
    }

    [Fact]
    public void Backtick_escapes_a_double_quote_inside_double_quotes()
    {
        Assert.Equal("a\"b", Backtick.ProcessWord("\"a`\"b\"", Variables).Value);
    }

    [Fact]
    public void Backtick_before_another_character_inside_double_quotes_stays()
    {
        Assert.Equal("a`tb", Backtick.ProcessWord("\"a`tb\"", Variables).Value);
    }

    [Fact]
    public void Trailing_backtick_escape_is_dropped()
    {
        Assert.Equal("abc", Backtick.ProcessWord("abc`", Variables).Value);
    }

    [Fact]
    public void Backtick_escaped_space_keeps_words_together()
    {
        Assert.Equal(["a b", "c"], Backtick.ProcessWords("a` b c", Variables));
    }

    [Fact]
    public void With_backslash_escape_a_backtick_is_an_ordinary_character()
    {
        Assert.Equal("`x", new ShellWordExpander().ProcessWord("`$X", Variables).Value);
    }

    [Fact]
    public void Escape_token_other_than_backslash_or_backtick_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShellWordExpander('^'));
    }

    [Fact]
    public void Leading_byte_order_mark_is_ignored_like_Gos_text_scanner_does()
    {
        Assert.Equal("x", new ShellWordExpander().ProcessWord("\uFEFF$X", Variables).Value);
    }
}
