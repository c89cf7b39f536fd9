using ImagePin.Sources.Yaml;
using static ImagePin.Tests.Sources.Yaml.ExtractorTestSupport;

namespace ImagePin.Tests.Sources.Yaml;

public class GitLabCiExtractorTests
{
    private static YamlExtraction GitLab(string text) => Extract(YamlFileKind.GitLabCi, text, ".gitlab-ci.yml");

    [Fact]
    public void Image_and_services_at_top_level_in_default_and_in_jobs()
    {
        const string text = """
            image: ruby:3.3
            services:
              - postgres:16
            default:
              image: alpine:3.20
              services: [redis:7]
            variables:
              image: not-an-image
            stages: [test]
            .template:
              image:
                name: "gcr.io/kaniko-project/executor:debug"
                entrypoint: [""]
            test:
              extends: .template
              services:
                - name: docker:dind
                  alias: docker
                - mysql:8
              script: [docker run skipped:1]
            workflow:
              rules: [{when: always}]
            """;
        var result = GitLab(text);
        Assert.Equal([
            "image image=ruby:3.3",
            "service services[0]=postgres:16",
            "image default.image=alpine:3.20",
            "service default.services[0]=redis:7",
            "image .template.image.name=gcr.io/kaniko-project/executor:debug",
            "service test.services[0].name=docker:dind",
            "service test.services[1]=mysql:8",
        ], Summary(result));
        Assert.All(result.Sites, s => Assert.Equal(s.Text, At(text, s)));
        Assert.Equal(".template", result.Sites[4].Facts.Name);
    }

    [Fact]
    public void Ci_variables_are_named()
    {
        var result = GitLab("build:\n  image: $CI_REGISTRY_IMAGE/builder:${TAG}\n  services: [\"${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/docker:dind\"]\n");
        Assert.Equal(["CI_REGISTRY_IMAGE", "TAG"], result.Sites[0].Facts.Variables);
        Assert.Equal(SiteDynamic.CiVariable, result.Sites[0].Facts.Dynamic);
        Assert.Equal(["CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX"], result.Sites[1].Facts.Variables);
        Assert.All(result.Sites, s => Assert.False(s.Rewritable));
    }

    [Fact]
    public void Anchors_and_merges_count_once_where_written()
    {
        const string text = """
            .base: &base
              image: node:20
            a:
              <<: *base
              script: [a]
            b:
              <<: *base
              script: [b]
            c:
              image: !reference [.base, image]
            """;
        Assert.Equal(["image .base.image=node:20"], Summary(GitLab(text)));
    }

    [Fact]
    public void Includes_are_returned_in_every_form()
    {
        Assert.Equal(["local:ci/build.yml"], Refs(GitLab("include: 'ci/build.yml'\n")));
        Assert.Equal(["local:/ci/a.yml"], Refs(GitLab("include:\n  local: /ci/a.yml\n")));
        Assert.Equal(["local:ci/*.yml", "remote:https://example.com/ci.yml", "local:x.yml", "project:group/proj", "template:Auto-DevOps.gitlab-ci.yml", "component:$CI_SERVER_FQDN/c/d@1"], Refs(GitLab("""
            include:
              - local: ci/*.yml
              - https://example.com/ci.yml
              - x.yml
              - project: group/proj
                ref: main
                file: [/a.yml, /b.yml]
              - template: Auto-DevOps.gitlab-ci.yml
              - component: $CI_SERVER_FQDN/c/d@1
            """)));
        var project = GitLab("include:\n  project: g/p\n  file: /one.yml\n").References.Single();
        Assert.Equal(["/one.yml"], project.Files);
    }

    private static string[] Refs(YamlExtraction extraction) => [.. extraction.References.Select(r => $"{r.Kind}:{r.Target}")];

    [Fact]
    public void Spec_document_then_pipeline_document()
    {
        var result = GitLab("spec:\n  inputs:\n    image: {default: 'skipped:1'}\n---\njob:\n  image: $[[ inputs.image ]]\n");
        var site = Assert.Single(result.Sites);
        Assert.Equal("job.image", site.Path);
    }

    [Fact]
    public void Duplicate_jobs_are_both_places()
    {
        var result = GitLab("job:\n  image: a:1\njob:\n  image: b:1\n");
        Assert.Equal(2, result.Sites.Count);
    }

    [Fact]
    public void Reference_tags_are_followed_to_where_the_text_is_written()
    {
        var result = GitLab("""
            .services: [{name: "postgres:16"}]
            .img: {image: alpine:3}
            a:
              services: !reference [.services]
              image: !reference [.img, image]
            b:
              services: [!reference [.services, 0], redis:7, !reference [.nowhere]]
            """);
        Assert.Equal([("postgres:16", 1), ("alpine:3", 2), ("redis:7", 7)], result.Sites.Select(s => (s.Text, s.Span!.Value.Line)).OrderBy(s => s.Line));
    }
}
