using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

public class YamlFileKindsTests
{
    [Theory]
    [InlineData("compose.yaml", "Compose")]
    [InlineData("sub/compose.yml", "Compose")]
    [InlineData("docker-compose.yml", "Compose")]
    [InlineData("docker-compose.override.yaml", "Compose")]
    [InlineData("docker-compose-dev.yml", "Compose")]
    [InlineData("compose.prod.yaml", "Compose")]
    [InlineData("Docker-Compose.YML", "Compose")]
    [InlineData("composer.yml", "None")]
    [InlineData(".github/workflows/ci.yml", "GitHubActions")]
    [InlineData("sub/.github/workflows/ci.yaml", "GitHubActions")]
    [InlineData(".github/workflows/nested/ci.yml", "None")]
    [InlineData("action.yml", "GitHubActions")]
    [InlineData("tools/my-action/action.yaml", "GitHubActions")]
    [InlineData(".gitlab-ci.yml", "GitLabCi")]
    [InlineData("templates/Ruby.gitlab-ci.yml", "GitLabCi")]
    [InlineData("ci\\.gitlab-ci.yml", "GitLabCi")]
    [InlineData("values.yaml", "None")]
    [InlineData("compose.json", "None")]
    public void Names(string path, string kind) => Assert.Equal(kind, YamlFileKinds.Detect(path, "").ToString());

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\n", "Kubernetes")]
    [InlineData("\uFEFF# c\r\nkind: Pod\r\napiVersion: v1\r\n", "Kubernetes")]
    [InlineData("---\nfoo: 1\n---\napiVersion: apps/v1\nkind: Deployment\n", "Kubernetes")]
    [InlineData("spec:\n  apiVersion: v1\n  kind: Pod\n", "None")]
    [InlineData("apiVersion: v1\n", "None")]
    public void Kubernetes_needs_both_keys_at_the_top_level(string head, string kind) =>
        Assert.Equal(kind, YamlFileKinds.Detect("deploy/app.yaml", head).ToString());

    [Fact]
    public void A_compose_name_wins_over_kubernetes_content() =>
        Assert.Equal(YamlFileKind.Compose, YamlFileKinds.Detect("compose.yaml", "apiVersion: v1\nkind: Pod\n"));
}
