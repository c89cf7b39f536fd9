using System.Text.Json;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Check;

/// <summary>Code scanning can attach and track every result: repository paths, one fingerprint per place and rule that survives updates.</summary>
public sealed class SarifLocationTests
{
    private static List<JsonElement> Results(CliRun run)
    {
        SarifSchema.AssertValid(run.Out);
        return JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
    }

    private static string Uri(JsonElement result) =>
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;

    private static string Fingerprint(JsonElement result) => result.GetProperty("partialFingerprints").GetProperty("imagepin/v2").GetString()!;

    [Fact]
    public void Paths_are_relative_to_the_repository_even_when_run_from_a_subfolder()
    {
        using var tree = new TempTree().Write("services/api/Dockerfile", "FROM alpine:3.20\n");
        ExternalTool.Succeed(tree.Root, "git", "init", "-q");

        foreach (var format in (string[])["sarif", "github"])
        {
            var run = CliRun.Invoke(tree.PathOf("services"), "check", "--format", format);
            if (format == "sarif")
            {
                Assert.Equal("services/api/Dockerfile", Uri(Assert.Single(Results(run))));
                var baseUri = JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0].GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString();
                Assert.Equal(new Uri(tree.Root + "/").AbsoluteUri, baseUri);
            }
            else Assert.Contains("file=services/api/Dockerfile,", run.Out);
        }
    }

    [Fact]
    public void Identical_references_get_their_own_fingerprints_and_keep_them_when_the_digest_changes()
    {
        // Digest-only references are results (IP004) whose digest changes when someone moves them on.
        var pinned = "alpine@sha256:" + new string('a', 64);
        var updated = "alpine@sha256:" + new string('b', 64);
        using var tree = new TempTree().Write("Dockerfile", $"FROM alpine:3.20\nFROM alpine:3.20\nFROM {pinned}\n");
        var first = Results(CliRun.Invoke(tree.Root, "check", "--format", "sarif", "--fail-level", "note"));
        tree.Write("Dockerfile", $"# a comment moves every line\nFROM alpine:3.20\nFROM alpine:3.20\nFROM {updated}\n");
        var second = Results(CliRun.Invoke(tree.Root, "check", "--format", "sarif"));

        var firstPrints = first.Select(Fingerprint).ToList();
        Assert.Equal(3, firstPrints.Count);
        Assert.Equal(3, firstPrints.Distinct().Count());
        Assert.Equal(firstPrints, second.Select(Fingerprint).ToList());
    }
}
