using System.Text.Json;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Distribution;

/// <summary>imagepin's own check passes on its own repository, under the repository's .imagepin.yaml.</summary>
public sealed class SelfCheckTests
{
    [Fact]
    public void Check_passes_on_the_repository_root_with_every_base_image_pinned()
    {
        var repo = SharedCorpus.RepoRoot;

        var text = CliRun.Invoke(repo, "check");
        var json = CliRun.Invoke(repo, "check", "--format", "json", "--fail-level", "note");

        Assert.True(text.ExitCode == 0, $"imagepin check on its own repository: exit {text.ExitCode}\n{text.Out}{text.Error}");
        Assert.Equal(0, json.ExitCode);
        var references = JsonDocument.Parse(json.Out).RootElement.GetProperty("references").EnumerateArray()
            .Where(r => r.GetProperty("file").GetString() == "Dockerfile").ToList();
        // The Dockerfile's two bases, pinned by digest with their tags; the build stage's name is no image.
        Assert.Equal(["pinned", "pinned", "stage"], references.Select(r => r.GetProperty("status").GetString()));
        Assert.All(references.Take(2), r => Assert.StartsWith("mcr.microsoft.com/dotnet/", r.GetProperty("image").GetString()));
    }

    [Fact]
    public void The_examples_are_still_checked_when_named_and_fail_as_they_should()
    {
        var run = CliRun.Invoke(SharedCorpus.RepoRoot, "check", "examples", "--verbose");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("imagepin: settings: examples/.imagepin.yaml", run.Error);
        Assert.Contains("examples/services/api/Dockerfile:5:6: error:", run.Out);
    }
}
