using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>
/// ${VAR#pattern}, ${VAR%pattern} and ${VAR/pattern/replacement}. Expected values come from BuildKit's
/// lex_test.go and the Dockerfile reference, or from the Go regexp rules BuildKit relies on.
/// </summary>
public class ShellWordExpanderPatternTests
{
    private static readonly ShellWordExpander Unix = new();

    private static string Expand(string word, params (string Name, string Value)[] variables) =>
        Unix.ProcessWord(word, variables.ToDictionary(v => v.Name, v => v.Value)).Value;

    [Theory]
    [InlineData("${str#f*b}", "arbaz")]
    [InlineData("${str##f*b}", "az")]
    [InlineData("${str%b*}", "foobar")]
    [InlineData("${str%%b*}", "foo")]
    [InlineData("${str/ba/fo}", "fooforbaz")]
    [InlineData("${str//ba/fo}", "fooforfoz")]
    public void Dockerfile_reference_examples_hold(string word, string expected)
    {
        Assert.Equal(expected, Expand(word, ("str", "foobarbaz")));
    }

    [Theory]
    [InlineData("${FOO#*x*y}", "y")]
    [InlineData("${FOO#*}", "xxyy")]
    [InlineData("${FOO#}", "xxyy")]
    [InlineData("${FOO##*x}", "yy")]
    [InlineData("${FOO##}", "xxyy")]
    [InlineData("${FOO%}", "xxyy")]
    [InlineData("${FOO%x}", "xxyy")]
    public void Prefix_and_suffix_removal_takes_shortest_or_longest_match(string word, string expected)
    {
        Assert.Equal(expected, Expand(word, ("FOO", "xxyy")));
    }

    [Fact]
    public void Regular_expression_characters_in_a_pattern_are_literal()
    {
        Assert.Equal("x", Expand(@"${FOO#()[]{\}^$.\*\?|\\}", ("FOO", @"()[]{}^$.*?|\x")));
    }

    [Theory]
    [InlineData(@"${FOO%%\**}", "xx**", "xx")]
    [InlineData(@"${FOO%%\**\*}", "a***yy*", "a")]
    [InlineData(@"${FOO#?\?}", "???y", "?y")]
    public void Escaped_wildcards_match_themselves(string word, string value, string expected)
    {
        Assert.Equal(expected, Expand(word, ("FOO", value)));
    }

    [Fact]
    public void Pattern_may_come_from_a_variable()
    {
        Assert.Equal("xyy", Expand("${FOO#$BAR}", ("FOO", "xxyy"), ("BAR", "x")));
        Assert.Equal("xxyy", Expand("${FOO%%$BAR}", ("FOO", "xxyy"), ("BAR", "")));
    }

    [Fact]
    public void Removal_on_an_unset_variable_gives_empty_text()
    {
        Assert.Equal(".xxyy.", Expand("${ABC:-.}${FOO%x}${ABC:-.}", ("FOO", "xxyy")));
        Assert.Equal("", Expand("${NOPE#x}"));
    }

    [Fact]
    public void Question_mark_matches_one_character_even_outside_the_basic_plane()
    {
        Assert.Equal("a", Expand("${X#?}", ("X", "😀a")));
        Assert.Equal("a", Expand("${X%?}", ("X", "a😀")));
    }

    [Fact]
    public void Wildcards_do_not_match_a_newline()
    {
        Assert.Equal("a\nb", Expand("${X#*b}", ("X", "a\nb")));
        Assert.Equal("b", Expand("${X#*\n}", ("X", "a\nb")));
    }

    [Fact]
    public void Replacement_with_wildcards_replaces_first_or_all_matches()
    {
        Assert.Equal("/foo.*/*.txt - /foo..*.txt",
            Expand("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", ("FOO", "/foo*/*/*.txt"), ("NEEDLE", @"\*/")));
    }

    [Fact]
    public void Slash_in_a_pattern_from_a_variable_is_an_ordinary_character()
    {
        Assert.Equal("/tmp/bar.txt - /bar.txt",
            Expand("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", ("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")));
    }

    [Fact]
    public void Question_mark_in_a_replacement_pattern_matches_any_one_character()
    {
        Assert.Equal("/foo/b/c.txt - /foo/c.txt",
            Expand("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
                ("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")));
    }

    [Fact]
    public void Replacing_a_url_scheme_works()
    {
        Assert.Equal("https://google.de",
            Expand("${FOO/$NEEDLE/$REPLACEMENT}", ("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")));
    }

    [Fact]
    public void Escaped_slashes_are_literal_and_the_replacement_keeps_its_escape()
    {
        Assert.Equal(@"\/tmp\/foo.txt", Expand(@"${FOO//\//\/}", ("FOO", "/tmp/foo.txt")));
    }

    [Fact]
    public void Empty_pattern_matches_at_the_start()
    {
        Assert.Equal("wwxxyy", Expand("${FOO/$BAR/ww}", ("FOO", "xxyy"), ("BAR", "")));
        Assert.Equal("xxyy", Expand("${FOO///}", ("FOO", "xxyy")));
        Assert.Equal("", Expand("${FOO///}"));
    }

    [Fact]
    public void Replace_all_with_an_empty_pattern_inserts_between_every_character()
    {
        Assert.Equal("-a-b-", Expand("${X///-}", ("X", "ab")));
    }

    [Fact]
    public void Replace_all_treats_dollar_zero_in_the_replacement_as_the_match()
    {
        // Go's ReplaceAllString expands $0 in the replacement; the single replacement inserts it as is.
        Assert.Equal("f[o][o]", Expand("${X//o/$R}", ("X", "foo"), ("R", "[$0]")));
        Assert.Equal("f[$0]o", Expand("${X/o/$R}", ("X", "foo"), ("R", "[$0]")));
        Assert.Equal("f$", Expand("${X//o/$R}", ("X", "fo"), ("R", "$$")));
        Assert.Equal("f$.", Expand("${X//o/$R}", ("X", "fo"), ("R", "$.")));
        Assert.Equal("f", Expand("${X//o/$R}", ("X", "fo"), ("R", "${name}")));
    }

    [Fact]
    public void Many_wildcards_against_a_long_value_finish_quickly()
    {
        var value = new string('a', 3000);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = Expand("${X#*a*a*a*a*a*a*a*a*b}", ("X", value));

        Assert.Equal(value, result);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public void Pattern_forms_work_on_image_references()
    {
        Assert.Equal("alpine", Expand("${IMAGE%%:*}", ("IMAGE", "alpine:3.20")));
        Assert.Equal("3.20", Expand("${IMAGE##*:}", ("IMAGE", "alpine:3.20")));
        Assert.Equal("ghcr.io/org/app:1", Expand("${IMAGE/docker.io/ghcr.io}", ("IMAGE", "docker.io/org/app:1")));
    }
}
