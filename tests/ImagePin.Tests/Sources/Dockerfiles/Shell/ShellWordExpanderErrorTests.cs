using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>Malformed words and required variables fail with a located, BuildKit-worded reason.</summary>
public class ShellWordExpanderErrorTests
{
    private static readonly ShellWordExpander Unix = new();
    private static readonly Dictionary<string, string> Variables = new() { ["SET"] = "value", ["EMPTY"] = "" };

    private static ShellExpansionException Fail(string word) =>
        Assert.Throws<ShellExpansionException>(() => Unix.ProcessWord(word, Variables));

    [Fact]
    public void Assign_default_form_is_an_unsupported_modifier()
    {
        var error = Fail("img:${TAG:=latest}");

        Assert.Equal("unsupported modifier (:=) in substitution", error.Reason);
        Assert.Equal(4, error.Offset);
        Assert.Equal("img:${TAG:=latest}", error.Word);
    }

    [Fact]
    public void Message_names_the_word_the_reason_and_the_character()
    {
        var error = Fail("img:${TAG:=latest}");

        Assert.Equal("failed to process \"img:${TAG:=latest}\": unsupported modifier (:=) in substitution (at character 5)", error.Message);
    }

    [Fact]
    public void Required_variable_that_is_unset_fails_with_the_given_message()
    {
        Assert.Equal("BASE: set BASE first", Fail("${BASE:?set BASE first}").Reason);
    }

    [Fact]
    public void Required_variable_message_may_use_variables()
    {
        Assert.Equal("BASE: need value", Fail("${BASE?need $SET}").Reason);
    }

    [Fact]
    public void Required_variable_without_message_says_it_is_unset()
    {
        Assert.Equal("BASE: is not allowed to be unset", Fail("${BASE?}").Reason);
    }

    [Fact]
    public void Colon_required_form_rejects_an_empty_value()
    {
        Assert.Equal("EMPTY: is not allowed to be empty", Fail("${EMPTY:?}").Reason);
    }

    [Fact]
    public void Plain_required_form_accepts_an_empty_value()
    {
        Assert.Equal("", Unix.ProcessWord("${EMPTY?}", Variables).Value);
    }

    [Fact]
    public void Unterminated_brace_is_a_missing_brace_at_the_dollar()
    {
        var error = Fail("alpine:${TAG");

        Assert.Equal("syntax error: missing '}'", error.Reason);
        Assert.Equal(7, error.Offset);
    }

    [Fact]
    public void Unterminated_default_word_is_a_missing_brace()
    {
        Assert.Equal("syntax error: missing '}'", Fail("${TAG:-${OTHER}").Reason);
    }

    [Fact]
    public void Unterminated_double_quote_is_located_at_the_quote()
    {
        var error = Fail("ab\"cd");

        Assert.Equal("unexpected end of statement while looking for matching double-quote", error.Reason);
        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void Unterminated_single_quote_is_located_at_the_quote()
    {
        var error = Fail("a'b");

        Assert.Equal("unexpected end of statement while looking for matching single-quote", error.Reason);
        Assert.Equal(1, error.Offset);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${:-x}")]
    [InlineData("${{X}")]
    public void Brace_without_a_name_is_a_bad_substitution(string word)
    {
        Assert.Equal("syntax error: bad substitution", Fail(word).Reason);
    }

    [Fact]
    public void Character_after_a_name_that_is_no_modifier_is_reported()
    {
        Assert.Equal("unsupported modifier (.) in substitution", Fail("${SET.x}").Reason);
    }

    [Theory]
    [InlineData("${SET:#x}", ":#")]
    [InlineData("${SET:%x}", ":%")]
    public void Pattern_removal_has_no_colon_form(string word, string modifier)
    {
        Assert.Equal($"unsupported modifier ({modifier}) in substitution", Fail(word).Reason);
    }

    [Fact]
    public void Invalid_escape_in_a_pattern_is_reported_with_the_pattern()
    {
        Assert.Equal(@"invalid pattern (\x) in substitution: invalid escape '\x'", Fail(@"${SET#\x}").Reason);
    }

    [Theory]
    [InlineData("${SET//ww}")]
    [InlineData("${SET//}")]
    public void Replacement_without_its_second_slash_is_reported(string word)
    {
        Assert.Equal("syntax error: missing '/' in ${}", Fail(word).Reason);
    }

    [Fact]
    public void Error_inside_a_nested_default_is_reported_as_is()
    {
        Assert.Equal("INNER: is not allowed to be unset", Fail("${OUTER:-${INNER?}}").Reason);
    }

    [Fact]
    public void Words_splitting_fails_on_the_same_errors()
    {
        Assert.Throws<ShellExpansionException>(() => Unix.ProcessWords("hello\" there", Variables));
    }
}
