using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>ProcessWords: expansion followed by splitting on unquoted whitespace.</summary>
public class ShellWordExpanderWordsTests
{
    private static readonly ShellWordExpander Unix = new();

    private static IReadOnlyList<string> Split(string word, Dictionary<string, string>? variables = null) =>
        Unix.ProcessWords(word, variables ?? []);

    [Fact]
    public void Plain_text_splits_on_runs_of_whitespace()
    {
        Assert.Equal(["a", "b", "c"], Split("  a \t b  c "));
    }

    [Fact]
    public void Empty_quotes_make_no_word()
    {
        Assert.Equal(["a", "b"], Split("a \"\" b"));
        Assert.Empty(Split("''"));
    }

    [Fact]
    public void Whitespace_in_a_default_value_splits_words()
    {
        Assert.Equal(["a", "b", "c", "d"], Split("a ${X:-b c} d"));
    }

    [Fact]
    public void Default_inside_a_word_joins_the_text_around_it()
    {
        Assert.Equal(["prebpost"], Split("pre${X:-b}post"));
    }

    [Fact]
    public void Quoted_variable_keeps_its_whitespace()
    {
        Assert.Equal(["x a  b"], Split("x\"$V\"", new() { ["V"] = " a  b" }));
    }

    [Fact]
    public void Escaped_whitespace_joins_words()
    {
        Assert.Equal(["a b", "c"], Split(@"a\ b c"));
    }

    [Fact]
    public void Unicode_whitespace_from_a_value_splits_words()
    {
        Assert.Equal(["a", "b"], Split("$V", new() { ["V"] = "a\u3000b" }));
    }
}
