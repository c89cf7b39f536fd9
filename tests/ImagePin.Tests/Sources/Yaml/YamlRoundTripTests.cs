using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

public class YamlRoundTripTests
{
    [Theory]
    [InlineData("Compose", "\uFEFFservices:\r\n  😀:\r\n    image: \"nginx:1.2\"  # c\r\n  b: {image: 'redis:7', build: .}\r\n  c:\r\n    image: a:1\r\n")]
    [InlineData("Kubernetes", "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: x:1}, {image: \"{{ .Values.y }}\"}]\n  initContainers:\n  - image: 𝄞/z:2\n")]
    [InlineData("GitHubActions", "jobs:\n  a:\n    container: node\n    steps:\n      - uses: docker://\n      - uses: \"docker://b:1\"\n")]
    [InlineData("GitLabCi", "image: ruby\nservices: [postgres, {name: 'redis:7'}]\njob:\n  image: {name: x}\n")]
    public void Inserting_digests_changes_only_the_image_characters(string kind, string text)
    {
        var parsed = Enum.Parse<YamlFileKind>(kind);
        Assert.Null(YamlRoundTrip.Check(parsed, "f.yml", text));
        var (_, extraction) = YamlImageSources.Read(parsed, "f.yml", text, YamlLimits.Default);
        Assert.NotEmpty(extraction.Sites);
    }

    [Fact]
    public void An_extractor_over_an_alias_bomb_stays_within_its_budget()
    {
        var text = new System.Text.StringBuilder("apiVersion: v1\nkind: List\nl0: &l0 [{containers: [{image: a:1}]}]\n");
        for (var i = 1; i <= 30; i++)
            text.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (_, extraction) = YamlImageSources.Read(YamlFileKind.Kubernetes, "bomb.yaml", text.ToString(), YamlLimits.Default);
        Assert.InRange(started.Elapsed.TotalSeconds, 0, 2);
        Assert.Single(extraction.Sites);

        var tight = YamlLimits.Default with { MaxVisits = 20 };
        var (_, limited) = YamlImageSources.Read(YamlFileKind.Kubernetes, "bomb.yaml", text.ToString(), tight);
        Assert.Contains(limited.Diagnostics, d => d.Problem == YamlProblem.VisitBudgetExhausted);
    }
}
