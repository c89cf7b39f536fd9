using ImagePin.References;

namespace ImagePin.Tests.References;

public class FamiliarMatchTests
{
    private static bool Matches(string pattern, string reference)
    {
        Assert.True(ImageReference.TryParseNormalized(reference, out var parsed, out var error), error?.Message);
        Assert.True(parsed.TryMatchFamiliar(pattern, out var matched), $"pattern {pattern} was reported malformed");
        return matched;
    }

    [Theory]
    [InlineData("python", "docker.io/library/python:3.12", true)]
    [InlineData("python:3.*", "python:3.12", true)]
    [InlineData("python:3.?", "python:3.12", false)]
    [InlineData("*", "bitnami/redis", false)]
    [InlineData("*/*", "bitnami/redis", true)]
    [InlineData("ghcr.io/*/app", "ghcr.io/org/app:1", true)]
    [InlineData("[a-c]*", "busybox", true)]
    [InlineData("[^a-c]*", "busybox", false)]
    [InlineData("\\*", "busybox", false)]
    [InlineData("library/*", "busybox", false)]
    [InlineData("*box*", "busybox:1.36", true)]
    [InlineData("ghcr.io*", "ghcr.io/org/app", false)]
    [InlineData("ghcr.io[/]org/app", "ghcr.io/org/app", true)]
    public void Glob_matches_the_familiar_string_or_the_familiar_name(string pattern, string reference, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, reference));
    }

    [Theory]
    [InlineData("[")]
    [InlineData("[]")]
    [InlineData("[a-]")]
    [InlineData("[-a]")]
    [InlineData("abc\\")]
    [InlineData("x[a")]
    public void Malformed_patterns_are_reported(string pattern)
    {
        Assert.True(ImageReference.TryParseNormalized("busybox", out var reference, out _));
        Assert.False(reference.TryMatchFamiliar(pattern, out _));
    }
}
