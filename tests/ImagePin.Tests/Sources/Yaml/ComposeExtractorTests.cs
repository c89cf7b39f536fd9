using ImagePin.Sources.Yaml;
using static ImagePin.Tests.Sources.Yaml.ExtractorTestSupport;

namespace ImagePin.Tests.Sources.Yaml;

public class ComposeExtractorTests
{
    private static YamlExtraction Compose(string text) => Extract(YamlFileKind.Compose, text, "compose.yaml");

    [Fact]
    public void Service_images_with_exact_spans()
    {
        const string text = """
            name: demo
            services:
              web:
                image: "nginx:1.27"   # quoted
              db:
                image: postgres:16
              worker:
                build: .
              cache: {image: 'redis:7'}
            volumes:
              data: {}
            """;
        var result = Compose(text);
        Assert.Equal(["service services.web.image=nginx:1.27", "service services.db.image=postgres:16", "service services.cache.image=redis:7"], Summary(result));
        Assert.All(result.Sites, s => Assert.Equal(s.Text, At(text, s)));
        Assert.All(result.Sites, s => Assert.True(s.Rewritable));
        Assert.Equal("web", result.Sites[0].Facts.Name);
        Assert.Equal((4, 13), (result.Sites[0].Span!.Value.Line, result.Sites[0].Span!.Value.Column));
    }

    [Fact]
    public void Build_and_image_together_name_the_built_image()
    {
        var result = Compose("services:\n  app:\n    build: ./app\n    image: registry.example/app:dev\n  other:\n    image: x:1\n    build:\n");
        Assert.True(result.Sites[0].Facts.Built);
        Assert.False(result.Sites[1].Facts.Built); // build: with no value builds nothing
    }

    [Fact]
    public void Anchors_and_merge_keys_lead_to_the_anchored_text_once()
    {
        const string text = """
            x-base: &base
              image: &img python:3.12
              restart: always
            services:
              a:
                <<: *base
              b:
                <<: *base
                command: run
              c:
                image: *img
              d:
                <<: *base
                image: own:1
            """;
        var result = Compose(text);
        Assert.Equal(["service services.a.image=python:3.12", "service services.d.image=own:1"], Summary(result));
        Assert.Equal(2, result.Sites[0].Span!.Value.Line);
    }

    [Fact]
    public void Extends_in_the_same_file_is_followed_and_another_file_is_reported()
    {
        const string text = """
            services:
              base:
                build: .
                image: app:base
              web:
                extends:
                  service: base
              old:
                extends: base
              remote:
                extends:
                  file: common/services.yml
                  service: webapp
              loop1: {extends: loop2}
              loop2: {extends: loop1}
              missing: {extends: nowhere}
            """;
        var result = Compose(text);
        var site = Assert.Single(result.Sites);
        Assert.Equal("services.base.image", site.Path);
        Assert.True(site.Facts.Built);
        var reference = Assert.Single(result.References);
        Assert.Equal(("extends", "common/services.yml", "webapp", "remote"), (reference.Kind, reference.Target, reference.Service, reference.FromService));
        var problem = Assert.Single(result.Diagnostics);
        Assert.Contains("nowhere", problem.Message);
    }

    [Fact]
    public void A_service_reached_only_through_extends_still_finds_the_image()
    {
        var result = Compose("services:\n  web:\n    extends: {service: base}\n  base:\n    image: app:1\n");
        Assert.Equal(["service services.base.image=app:1"], Summary(result));
        Assert.Equal("web", result.Sites[0].Facts.Name);
    }

    [Theory]
    [InlineData("nginx:${TAG:-1.27}", new[] { "TAG" })]
    [InlineData("${REGISTRY}/app:$VERSION", new[] { "REGISTRY", "VERSION" })]
    [InlineData("${A:-${B:-x}}", new[] { "A", "B" })]
    [InlineData("cost$$", new string[0])]
    public void Interpolated_values_are_dynamic_with_their_variables(string image, string[] variables)
    {
        var site = Assert.Single(Compose($"services:\n  s:\n    image: \"{image}\"\n").Sites);
        Assert.Equal(SiteDynamic.Interpolation, site.Facts.Dynamic);
        Assert.Equal(variables, site.Facts.Variables);
        Assert.False(site.Rewritable);
    }

    [Fact]
    public void A_lone_dollar_is_not_interpolation()
    {
        var site = Assert.Single(Compose("services:\n  s:\n    image: a$-b\n").Sites);
        Assert.Equal(SiteDynamic.None, site.Facts.Dynamic);
    }

    [Fact]
    public void Format_1_files_have_their_services_at_the_top_level()
    {
        const string text = "version-less:\n  image: old:1\nweb:\n  build: .\n  image: app:dev\nx-common: {image: skipped:1}\nvolumes: {data: {}}\n";
        var result = Compose(text);
        Assert.Equal(["service version-less.image=old:1", "service web.image=app:dev"], Summary(result));
        Assert.True(result.Sites[1].Facts.Built);
    }

    [Fact]
    public void Files_without_services_or_with_other_shapes_give_nothing()
    {
        Assert.Empty(Compose("version: '3'\n").Sites);
        Assert.Empty(Compose("- a\n- b\n").Sites);
        Assert.Empty(Compose("services: [a, b]\n").Sites);
        Assert.Empty(Compose("services:\n  a: x\n  b:\n    image:\n").Sites);
    }
}
