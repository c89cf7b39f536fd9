using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>Which referenced names are reported as matched (had a value) and unmatched (unset).</summary>
public class ShellWordExpanderNameTests
{
    private static readonly ShellWordExpander Unix = new();

    private static ExpandedWord Expand(string word, Dictionary<string, string> variables) => Unix.ProcessWord(word, variables);

    [Fact]
    public void Set_variable_is_matched_and_unset_variable_is_unmatched()
    {
        var result = Expand("x ${FOO} ${UNUSED}", new() { ["FOO"] = "y", ["OTHER"] = "z" });

        Assert.Equal("x y ", result.Value);
        Assert.Equal(["FOO"], result.Matched);
        Assert.Equal(["UNUSED"], result.Unmatched);
    }

    [Fact]
    public void Set_but_empty_variable_counts_as_matched()
    {
        var result = Expand("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", new() { ["FOO"] = "xxx", ["BAR"] = "" });

        Assert.Equal("xxx  ccc", result.Value);
        Assert.Equal(["BAR", "FOO"], result.Matched.Order());
        Assert.Equal(["BAZ"], result.Unmatched);
    }

    [Fact]
    public void Unset_variable_covered_by_a_default_is_still_unmatched()
    {
        var result = Expand("${BASE:-alpine}:3.20", []);

        Assert.Equal("alpine:3.20", result.Value);
        Assert.Empty(result.Matched);
        Assert.Equal(["BASE"], result.Unmatched);
    }

    [Fact]
    public void Names_inside_an_unused_default_are_reported_too()
    {
        var result = Expand("${TAG:-$FALLBACK}", new() { ["TAG"] = "1.0" });

        Assert.Equal("1.0", result.Value);
        Assert.Equal(["TAG"], result.Matched);
        Assert.Equal(["FALLBACK"], result.Unmatched);
    }

    [Fact]
    public void Names_inside_single_quotes_or_after_an_escape_are_not_references()
    {
        var result = Expand(@"'$A' \$B ${C}", new() { ["C"] = "c" });

        Assert.Equal("$A $B c", result.Value);
        Assert.Equal(["C"], result.Matched);
        Assert.Empty(result.Unmatched);
    }

    [Fact]
    public void Positional_parameter_is_looked_up_and_reported_unmatched_like_BuildKit()
    {
        var result = Expand("v$1", []);

        Assert.Equal("v", result.Value);
        Assert.Equal(["1"], result.Unmatched);
    }

    [Fact]
    public void Plain_word_reports_no_names_and_is_returned_unchanged()
    {
        var result = Expand("docker.io/library/alpine:3.20", new() { ["X"] = "y" });

        Assert.Equal("docker.io/library/alpine:3.20", result.Value);
        Assert.Empty(result.Matched);
        Assert.Empty(result.Unmatched);
    }

    [Fact]
    public void Windows_names_match_regardless_of_case_and_are_reported_as_written()
    {
        var windows = new ShellWordExpander(caseInsensitiveNames: true);

        var result = windows.ProcessWord("$base:${Tag}", new Dictionary<string, string> { ["BASE"] = "alpine", ["TAG"] = "3" });

        Assert.Equal("alpine:3", result.Value);
        Assert.Equal(["Tag", "base"], result.Matched.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unix_names_are_case_sensitive()
    {
        var result = Expand("$base", new() { ["BASE"] = "alpine" });

        Assert.Equal("", result.Value);
        Assert.Equal(["base"], result.Unmatched);
    }

    [Fact]
    public void Lookup_function_receives_each_name_as_written()
    {
        var asked = new List<string>();

        var result = Unix.ProcessWord("${Registry}/${IMAGE}", name =>
        {
            asked.Add(name);
            return name == "IMAGE" ? "app" : null;
        });

        Assert.Equal("/app", result.Value);
        Assert.Equal(["Registry", "IMAGE"], asked);
    }

    [Fact]
    public void Unicode_letters_are_part_of_a_name()
    {
        var result = Expand("$이름-x", new() { ["이름"] = "값" });

        Assert.Equal("값-x", result.Value);
        Assert.Equal(["이름"], result.Matched);
    }
}
