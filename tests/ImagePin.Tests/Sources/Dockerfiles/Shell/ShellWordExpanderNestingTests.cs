using ImagePin.Sources.Dockerfiles.Shell;
using ImagePin.Tests.Check;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>
/// Deeply nested ${...} forms and long patterns: expansion recurses per nesting level, so a hostile
/// word must fail with a ShellExpansionException instead of overflowing the stack (which kills the process).
/// </summary>
public class ShellWordExpanderNestingTests
{
    private static readonly ShellWordExpander Unix = new();
    private static readonly Dictionary<string, string> NoVariables = [];

    // ${a:-${a:-...x...}} with `depth` forms inside one another.
    private static string Nested(int depth, string inner = "x") =>
        string.Concat(Enumerable.Repeat("${a:-", depth)) + inner + new string('}', depth);

    [Fact]
    public void Ten_thousand_nested_defaults_fail_with_an_expansion_error()
    {
        var word = Nested(10_000);

        var error = Assert.Throws<ShellExpansionException>(() => Unix.ProcessWord(word, NoVariables));

        Assert.Equal($"variable substitutions nested deeper than {WordExpansion.MaxNestingDepth} levels", error.Reason);
        Assert.Equal("variable substitutions nested deeper than 128 levels", error.Reason);
        // The form that goes one level too deep.
        Assert.Equal(5 * 128, error.Offset);
    }

    [Fact]
    public void Ten_thousand_nested_defaults_fail_when_splitting_words_too()
    {
        Assert.Throws<ShellExpansionException>(() => Unix.ProcessWords(Nested(10_000), NoVariables));
    }

    [Fact]
    public void Ten_thousand_nested_defaults_inside_double_quotes_fail_with_an_expansion_error()
    {
        var word = string.Concat(Enumerable.Repeat("\"${a:-", 10_000)) + "x" + string.Concat(Enumerable.Repeat("}\"", 10_000));

        var error = Assert.Throws<ShellExpansionException>(() => Unix.ProcessWord(word, NoVariables));

        Assert.Contains("nested deeper than 128 levels", error.Reason);
    }

    [Fact]
    public void Ten_thousand_nested_replacements_fail_with_an_expansion_error()
    {
        var word = string.Concat(Enumerable.Repeat("${a/x/", 10_000)) + "y" + new string('}', 10_000);

        Assert.Contains("nested deeper than 128 levels", Assert.Throws<ShellExpansionException>(() => Unix.ProcessWord(word, NoVariables)).Reason);
    }

    [Fact]
    public void Hundred_nested_defaults_still_expand()
    {
        var expanded = Unix.ProcessWord(Nested(100), NoVariables);

        Assert.Equal("x", expanded.Value);
        Assert.Equal(["a"], expanded.Unmatched);
    }

    [Fact]
    public void Hundred_nested_defaults_use_the_value_when_set()
    {
        Assert.Equal("set", Unix.ProcessWord(Nested(100), new Dictionary<string, string> { ["a"] = "set" }).Value);
    }

    [Fact]
    public void Nesting_exactly_at_the_limit_expands_and_one_more_level_fails()
    {
        Assert.Equal("x", Unix.ProcessWord(Nested(WordExpansion.MaxNestingDepth), NoVariables).Value);
        Assert.Throws<ShellExpansionException>(() => Unix.ProcessWord(Nested(WordExpansion.MaxNestingDepth + 1), NoVariables));
    }

    [Fact]
    public void Many_forms_side_by_side_are_not_nesting()
    {
        var word = string.Concat(Enumerable.Repeat("${a:-x}", 10_000));

        Assert.Equal(new string('x', 10_000), Unix.ProcessWord(word, NoVariables).Value);
    }

    // The matcher keeps one choice per * on its way through the pattern; a wildcard never crosses a
    // newline, so "*\n" per line gives a deep but fast search. Recursing per * overflowed at this size.
    private const int ManyWildcards = 200_000;
    private static readonly string Lines = string.Concat(Enumerable.Repeat("ab\n", ManyWildcards));
    private static readonly string StarPerLine = string.Concat(Enumerable.Repeat("*\n", ManyWildcards));

    [Fact]
    public void Pattern_with_two_hundred_thousand_wildcards_matches_without_overflowing()
    {
        var variables = new Dictionary<string, string> { ["v"] = Lines + "tail", ["p"] = StarPerLine, ["q"] = StarPerLine + "c" };

        Assert.Equal("tail", Unix.ProcessWord("${v##$p}", variables).Value);
        Assert.Equal("tail", Unix.ProcessWord("${v#$p}", variables).Value);
        Assert.Equal("Ztail", Unix.ProcessWord("${v/$p/Z}", variables).Value);
        // No match: every * gives up in turn, and the value is kept.
        Assert.Equal(variables["v"], Unix.ProcessWord("${v##$q}", variables).Value);
    }

    [Fact]
    public void Lazy_pattern_with_two_hundred_thousand_wildcards_matches_without_overflowing()
    {
        var variables = new Dictionary<string, string> { ["v"] = new string('a', ManyWildcards) + "b" };

        // Shortest prefix: each ? takes one character and each * none.
        Assert.Equal("b", Unix.ProcessWord("${v#" + string.Concat(Enumerable.Repeat("?*", ManyWildcards)) + "}", variables).Value);
    }

    [Fact]
    public void Suffix_pattern_with_two_hundred_thousand_wildcards_matches_without_overflowing()
    {
        var variables = new Dictionary<string, string> { ["v"] = "head\n" + Lines, ["p"] = StarPerLine };

        // The last 200,000 lines go, each with its newline.
        Assert.Equal("head\n", Unix.ProcessWord("${v%%$p}", variables).Value);
    }

    [Fact]
    public void Doubled_wildcards_match_like_single_ones()
    {
        var variables = new Dictionary<string, string> { ["v"] = "foobarbaz" };

        Assert.Equal("arbaz", Unix.ProcessWord("${v#f**b}", variables).Value);
        Assert.Equal("az", Unix.ProcessWord("${v##f***b}", variables).Value);
        Assert.Equal("foobar", Unix.ProcessWord("${v%b**}", variables).Value);
        Assert.Equal("foo", Unix.ProcessWord("${v%%b**}", variables).Value);
    }

    [Fact]
    public void Check_reports_a_deeply_nested_from_line_instead_of_crashing()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM " + Nested(10_000, "alpine:3") + "\nFROM node:22\n");

        var result = CheckJson.Run(tree);

        Assert.Contains("nested deeper than 128 levels", result.Root.ToString());
        Assert.Contains(result.References, r => CheckJson.Str(r, "text") == "node:22");
    }
}
