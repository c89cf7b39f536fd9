using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

public class ComposeInterpolationTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["SET"] = "value", ["EMPTY"] = "", ["TAG"] = "1.2", ["REG"] = "ghcr.io" };

    private static InterpolationResult Resolve(string text) => ComposeInterpolation.Resolve(text, n => Variables.GetValueOrDefault(n));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("x${SET}y", "xvaluey")]
    [InlineData("$SET.x", "value.x")]
    [InlineData("${UNSET:-def}", "def")]
    [InlineData("${EMPTY:-def}", "def")]
    [InlineData("${EMPTY-def}", "")]
    [InlineData("${UNSET-def}", "def")]
    [InlineData("${SET:-def}", "value")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${SET:?must}", "value")]
    [InlineData("${EMPTY?must}", "")]
    [InlineData("$$SET", "$SET")]
    [InlineData("$${SET}", "${SET}")]
    [InlineData("a$", "a$")]
    [InlineData("a$-b $1", "a$-b $1")]
    [InlineData("${UNSET:-${SET}}", "value")]
    [InlineData("${UNSET:-${UNSET2:-deep}}", "deep")]
    [InlineData("${UNSET:-$REG/app}:${TAG}", "ghcr.io/app:1.2")]
    [InlineData("${UNSET:-a}}", "a}")]
    [InlineData("${UNSET:-{x}}", "{x}")]
    public void Resolves_like_compose(string text, string expected)
    {
        var result = Resolve(text);
        Assert.Equal(expected, result.Value);
        Assert.Empty(result.Unresolved);
        Assert.Equal(text.Contains('$') && text is not ("a$" or "a$-b $1"), result.HasInterpolation);
    }

    [Fact]
    public void Unset_variables_are_listed_and_give_no_value()
    {
        var result = Resolve("${NOPE}/app:$ALSO_NOT-${NOPE}");
        Assert.Null(result.Value);
        Assert.Equal(["NOPE", "ALSO_NOT"], result.Unresolved);
        Assert.True(result.HasInterpolation);
    }

    [Fact]
    public void Defaults_are_evaluated_only_when_used()
    {
        Assert.Empty(Resolve("${SET:-$NOPE}").Unresolved);
        Assert.Equal(["NOPE"], Resolve("${UNSET:-$NOPE}").Unresolved);
    }

    [Theory]
    [InlineData("${UNSET:?set it please}", "set it please")]
    [InlineData("${EMPTY:?no $SET}", "no value")]
    [InlineData("${UNSET?}", "UNSET")]
    public void Required_variables_report_their_message(string text, string message)
    {
        var result = Resolve(text);
        Assert.Null(result.Value);
        Assert.Contains(message, Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${1X}")]
    [InlineData("${SET")]
    [InlineData("${SET/a/b}")]
    [InlineData("${SET:x}")]
    public void Bad_syntax_is_an_error(string text)
    {
        var result = Resolve(text);
        Assert.Null(result.Value);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        var text = string.Concat(Enumerable.Repeat("${U:-", 10_000)) + "x" + new string('}', 10_000);
        var result = Resolve(text);
        Assert.Contains(result.Errors, e => e.Contains("nested"));
        Assert.Single(ComposeInterpolation.VariableNames(string.Concat(Enumerable.Repeat("${U:-", 40)) + "x" + new string('}', 40)));
    }

    [Fact]
    public void Variable_names_include_defaults_and_alternatives()
    {
        Assert.Equal(["A", "B", "C", "D"], ComposeInterpolation.VariableNames("$A ${B:-${C}} ${A:+$D} $$E"));
        Assert.False(ComposeInterpolation.HasInterpolation("nginx:1.2"));
        Assert.True(ComposeInterpolation.HasInterpolation("a$$"));
    }
}
