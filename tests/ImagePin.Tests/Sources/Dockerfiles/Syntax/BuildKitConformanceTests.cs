using System.Text.Json;
using ImagePin.Sources.Dockerfiles.Syntax;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

/// <summary>BuildKit's own parser test data (shared/corpus/buildkit-parser).</summary>
public sealed class BuildKitConformanceTests
{
    public static TheoryData<string> PositiveCases => CorpusCases.FolderNames("buildkit-parser", "parser", "testfiles");

    public static TheoryData<string> NegativeCases => CorpusCases.FolderNames("buildkit-parser", "parser", "testfiles-negative");

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Testfile_dumps_exactly_as_BuildKit_result(string name)
    {
        var folder = CorpusCases.PathOf("buildkit-parser", "parser", "testfiles", name);
        var result = DockerfileParser.Parse(File.ReadAllBytes(Path.Combine(folder, "Dockerfile")));
        Assert.True(result.Success, result.Error?.ToString());
        var expected = File.ReadAllText(Path.Combine(folder, "result"));
        Assert.Equal(expected, result.Document.Dump() + "\n");
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_testfile_fails_with_a_located_message(string name)
    {
        var folder = CorpusCases.PathOf("buildkit-parser", "parser", "testfiles-negative", name);
        var result = DockerfileParser.Parse(File.ReadAllBytes(Path.Combine(folder, "Dockerfile")));
        Assert.False(result.Success);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        Assert.True(result.Error.Line >= 1 && result.Error.Column >= 1, result.Error.ToString());
    }

    [Fact]
    public void Testfile_line_gives_BuildKit_line_spans()
    {
        var folder = CorpusCases.PathOf("buildkit-parser", "parser", "testfile-line");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected-lines.json")));
        var result = DockerfileParser.Parse(File.ReadAllBytes(Path.Combine(folder, "Dockerfile")));
        Assert.True(result.Success, result.Error?.ToString());
        var instructions = result.Document.Instructions;

        var root = expected.RootElement.GetProperty("root");
        Assert.Equal(root.GetProperty("start_line").GetInt32(), instructions[0].StartLine);
        Assert.Equal(root.GetProperty("end_line").GetInt32(), instructions[^1].EndLine);
        var children = expected.RootElement.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(children.Count, instructions.Count);
        for (var i = 0; i < children.Count; i++)
        {
            Assert.Equal(children[i].GetProperty("instruction").GetString(), instructions[i].Keyword);
            Assert.Equal(children[i].GetProperty("start_line").GetInt32(), instructions[i].StartLine);
            Assert.Equal(children[i].GetProperty("end_line").GetInt32(), instructions[i].EndLine);
        }
    }
}
