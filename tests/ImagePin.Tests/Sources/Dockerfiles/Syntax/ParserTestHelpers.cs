using ImagePin.Sources.Dockerfiles.Syntax;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

internal static class ParserTestHelpers
{
    public static DockerfileDocument Parsed(string text)
    {
        var result = DockerfileParser.Parse(text);
        Assert.True(result.Success, result.Error?.ToString());
        return result.Document;
    }

    public static DockerfileSyntaxError Failed(string text)
    {
        var result = DockerfileParser.Parse(text);
        Assert.False(result.Success, "expected a syntax error, got:\n" + result.Document?.Dump());
        return result.Error;
    }

    public static string[] Values(this Instruction instruction) => [.. instruction.Arguments.Select(a => a.Value)];

    public static string TextOf(this DockerfileDocument document, SourceSpan span) => document.Text.Substring(span.Start, span.Length);
}
