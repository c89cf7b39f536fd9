using ImagePin.Sources;
using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

/// <summary>imagepin: directives are read the same whatever the case and spacing; unknown ones are reported.</summary>
public sealed class SuppressionDirectiveTests
{
    [Theory]
    [InlineData("# imagepin:ignore")]
    [InlineData("# imagepin: ignore")]
    [InlineData("# IMAGEPIN:IGNORE")]
    [InlineData("#imagepin :ignore built elsewhere")]
    [InlineData("#   ImagePin:Ignore")]
    public void Case_and_spacing_variants_suppress(string comment)
    {
        using var tree = new TempTree().Write("Dockerfile", $"{comment}\nFROM alpine:3.20\n");

        var result = CheckJson.Run(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ignored", Str(result.Single("alpine:3.20"), "status"));
    }

    [Theory]
    [InlineData("# imagepin:ignore-next", "unknown directive 'imagepin:ignore-next'")]
    [InlineData("# imagepin: skip", "unknown directive 'imagepin:skip'")]
    [InlineData("# imagepin:", "without a directive")]
    public void Unknown_directives_are_warnings_that_name_them_and_suppress_nothing(string comment, string expected)
    {
        using var tree = new TempTree().Write("Dockerfile", $"FROM scratch\n{comment}\nFROM alpine:3.20\n");

        var result = CheckJson.Run(tree);
        var text = CliRun.Invoke(tree.Root, "check");

        Assert.Equal("tag", Str(result.Single("alpine:3.20"), "status"));
        var warning = Assert.Single(result.Root.GetProperty("warnings").EnumerateArray());
        Assert.Equal(2, warning.GetProperty("line").GetInt32());
        Assert.Contains(expected, Str(warning, "message"));
        Assert.Contains("Dockerfile:2:1: warning: ", text.Out);
    }

    [Theory]
    [InlineData(" imagepin:ignore because", "ignore", "because")]
    [InlineData("imagepin : IGNORE", "ignore", "")]
    [InlineData("imagepinned: ignore", null, null)]
    [InlineData("not imagepin:ignore", null, null)]
    public void Directive_parsing(string comment, string? name, string? argument)
    {
        var directive = Directive.Parse(comment);

        Assert.Equal(name, directive?.Name);
        Assert.Equal(argument, directive?.Argument);
    }
}
