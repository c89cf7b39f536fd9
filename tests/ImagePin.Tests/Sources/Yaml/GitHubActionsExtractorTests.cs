using ImagePin.Sources.Yaml;
using static ImagePin.Tests.Sources.Yaml.ExtractorTestSupport;

namespace ImagePin.Tests.Sources.Yaml;

public class GitHubActionsExtractorTests
{
    private static YamlExtraction Gha(string text) => Extract(YamlFileKind.GitHubActions, text, ".github/workflows/ci.yml");

    [Fact]
    public void Containers_services_and_docker_steps()
    {
        const string text = """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                container: node:20
                services:
                  db:
                    image: postgres:16
                    env: {POSTGRES_PASSWORD: postgres}
                  bare: redis:7
                steps:
                  - uses: actions/checkout@v4
                  - uses: docker://alpine:3.20
                  - uses: 'docker://ghcr.io/org/tool:1'
                  - run: docker run ignored:1
              test:
                container:
                  image: "python:3.12"
                  options: --cpus 1
              call:
                uses: org/repo/.github/workflows/reuse.yml@main
            """;
        var result = Gha(text);
        Assert.Equal([
            "container jobs.build.container=node:20",
            "service jobs.build.services.db.image=postgres:16",
            "service jobs.build.services.bare=redis:7",
            "uses jobs.build.steps[1].uses=alpine:3.20",
            "uses jobs.build.steps[2].uses=ghcr.io/org/tool:1",
            "container jobs.test.container.image=python:3.12",
        ], Summary(result));
        Assert.All(result.Sites, s => Assert.Equal(s.Text, At(text, s)));
        var uses = result.Sites[3];
        Assert.Equal(text.IndexOf("alpine:3.20", StringComparison.Ordinal), uses.Span!.Value.Start);
        Assert.Equal("build", uses.Facts.Name);
        Assert.Equal("db", result.Sites[1].Facts.Name);
    }

    [Fact]
    public void Expressions_are_dynamic()
    {
        var result = Gha("jobs:\n  a:\n    container: ${{ matrix.image }}\n    services:\n      s:\n        image: ${{ format('python:{0}', matrix.v) }}\n");
        Assert.All(result.Sites, s => Assert.Equal(SiteDynamic.Expression, s.Facts.Dynamic));
        Assert.All(result.Sites, s => Assert.False(s.Rewritable));
        Assert.Equal(2, result.Sites.Count);
    }

    [Fact]
    public void Docker_actions_and_composite_actions()
    {
        const string docker = "name: a\nruns:\n  using: docker\n  image: docker://ghcr.io/org/action:2\n";
        var site = Assert.Single(Extract(YamlFileKind.GitHubActions, docker, "action.yml").Sites);
        Assert.Equal(("image", "runs.image", "ghcr.io/org/action:2"), (site.Context, site.Path, site.Text));
        Assert.Equal("ghcr.io/org/action:2", At(docker, site));
        Assert.Empty(Extract(YamlFileKind.GitHubActions, "runs:\n  using: docker\n  image: Dockerfile\n", "action.yml").Sites);
        var composite = Extract(YamlFileKind.GitHubActions, "runs:\n  using: composite\n  steps:\n    - uses: docker://busybox:1\n", "action.yml");
        Assert.Equal(["uses runs.steps[0].uses=busybox:1"], Summary(composite));
    }

    [Fact]
    public void An_empty_docker_reference_is_a_site_with_no_characters()
    {
        const string text = "jobs:\n  a:\n    steps:\n      - uses: docker://\n";
        var site = Assert.Single(Gha(text).Sites);
        Assert.Equal("", site.Text);
        Assert.Equal((text.IndexOf("docker://", StringComparison.Ordinal) + 9, 0), (site.Span!.Value.Start, site.Span.Value.Length));
    }

    [Fact]
    public void Anchors_in_workflows_are_followed_to_their_text()
    {
        const string text = """
            jobs:
              a:
                container: &img
                  image: debian:12
              b:
                container: *img
              c:
                services:
                  db: &db {image: mysql:8}
              d:
                services:
                  db: *db
            """;
        Assert.Equal(["container jobs.a.container.image=debian:12", "service jobs.c.services.db.image=mysql:8"], Summary(Gha(text)));
    }

    [Fact]
    public void Files_without_images_or_of_another_shape_give_nothing()
    {
        Assert.Empty(Gha("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n").Sites);
        Assert.Empty(Gha("just a string\n").Sites);
        Assert.Empty(Gha("jobs:\n  a:\n    container:\n    services: ${{ fromJSON(inputs.s) }}\n").Sites);
    }
}
