using ImagePin.References;

namespace ImagePin.Tests.References;

public class ImageReferenceNormalizationTests
{
    private static ImageReference Normalized(string text)
    {
        Assert.True(ImageReference.TryParseNormalized(text, out var reference, out var error), error?.Message);
        return reference;
    }

    [Theory]
    [InlineData("index.docker.io/nginx", "docker.io", "library/nginx")]
    [InlineData("index.docker.io/bitnami/redis", "docker.io", "bitnami/redis")]
    [InlineData("docker.io/nginx", "docker.io", "library/nginx")]
    [InlineData("bitnami/redis", "docker.io", "bitnami/redis")]
    [InlineData("localhost/app", "localhost", "app")]
    [InlineData("localhost:5000/app", "localhost:5000", "app")]
    [InlineData("MyHost/app", "MyHost", "app")]
    public void Registry_is_decided_as_the_docker_cli_does(string text, string registry, string repository)
    {
        var reference = Normalized(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(registry, reference.Domain);
        Assert.Equal(repository, reference.Repository);
    }

    [Fact]
    public void Bare_host_and_port_without_a_slash_is_a_docker_hub_name_with_a_tag()
    {
        var reference = Normalized("localhost:5000");

        Assert.Equal("docker.io/library/localhost", reference.Name);
        Assert.Equal("5000", reference.Tag);
    }

    [Theory]
    [InlineData("docker.io/library/python:3.12", "python:3.12", "python")]
    [InlineData("index.docker.io/library/python", "python", "python")]
    [InlineData("docker.io/library/team/app:1", "library/team/app:1", "library/team/app")]
    [InlineData("docker.io/grafana/grafana:11.0.0", "grafana/grafana:11.0.0", "grafana/grafana")]
    [InlineData("quay.io/prometheus/node-exporter", "quay.io/prometheus/node-exporter", "quay.io/prometheus/node-exporter")]
    public void Familiar_form_drops_docker_hub_and_the_official_prefix(string text, string familiar, string familiarName)
    {
        var reference = Normalized(text);

        Assert.Equal(familiar, reference.Familiar);
        Assert.Equal(familiarName, reference.FamiliarName);
    }

    [Fact]
    public void Fully_qualified_form_adds_registry_and_library_but_no_default_tag()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        Assert.Equal("docker.io/library/redis", Normalized("redis").FullyQualified);
        Assert.Equal("docker.io/library/redis:7@" + digest, Normalized("redis:7@" + digest).FullyQualified);
    }

    [Fact]
    public void Strict_parse_keeps_the_text_but_reports_where_docker_would_pull_from()
    {
        Assert.True(ImageReference.TryParse("foo/bar:1", out var reference, out var error), error?.Message);

        Assert.Equal("foo", reference.Domain);
        Assert.Equal("bar", reference.Path);
        Assert.Equal("docker.io", reference.Registry);
        Assert.Equal("foo/bar", reference.Repository);
        Assert.Equal("docker.io/foo/bar:1", reference.FullyQualified);
    }

    [Fact]
    public void Sixty_four_hex_digits_are_rejected_as_a_name_but_accepted_as_an_image_id()
    {
        var id = new string('e', 64);

        Assert.False(ImageReference.TryParseNormalized(id, out _, out var error));
        Assert.Equal(ReferenceErrorKind.NameIsIdentifier, error.Kind);

        Assert.True(ImageReference.TryParseAny(id, out var named, out var digestOnly, out _));
        Assert.Null(named);
        Assert.Equal(new Digest("sha256", id), digestOnly);
    }

    [Fact]
    public void Registry_part_that_is_not_a_valid_host_is_rejected_although_upstream_drops_the_domain()
    {
        Assert.False(ImageReference.TryParseNormalized("my_registry.com/app", out _, out var error));

        Assert.Equal(ReferenceErrorKind.InvalidFormat, error.Kind);
        Assert.Contains("my_registry.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_upper_case_registry_part_reports_upper_case_as_upstream_does()
    {
        Assert.False(ImageReference.TryParseNormalized("My_Registry/app", out _, out var error));

        Assert.Equal(ReferenceErrorKind.NameContainsUppercase, error.Kind);
        Assert.Equal(0, error.Index);
    }

    [Fact]
    public void Canonical_parse_accepts_only_the_fully_qualified_spelling()
    {
        Assert.True(ImageReference.TryParseCanonical("docker.io/library/nginx:1", out _, out _));

        Assert.False(ImageReference.TryParseCanonical("nginx:1", out _, out var error));
        Assert.Equal(ReferenceErrorKind.NameNotCanonical, error.Kind);
        Assert.Contains("docker.io/library/nginx:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_digest_text_is_read_as_a_digest_only_reference()
    {
        var hex = string.Concat(Enumerable.Repeat("0f", 32));

        Assert.True(ImageReference.TryParseAny("sha256:" + hex, out var named, out var digestOnly, out _));
        Assert.Null(named);
        Assert.Equal(new Digest("sha256", hex), digestOnly);
    }

    [Fact]
    public void Digest_text_of_the_wrong_length_falls_back_to_a_docker_hub_name_with_a_tag()
    {
        // Upstream only treats valid digests as digests; anything else is tried as a name.
        Assert.True(ImageReference.TryParseAny("sha256:abc", out var named, out var digestOnly, out var error), error?.Message);

        Assert.Null(digestOnly);
        Assert.Equal("docker.io/library/sha256:abc", named!.ToString());
    }

    [Theory]
    [InlineData("python:3.12 slim", 11, ReferenceErrorKind.InvalidFormat)]
    [InlineData("docker.io/library/Foo", 18, ReferenceErrorKind.NameContainsUppercase)]
    [InlineData("ghcr.io/org/app:-x", 16, ReferenceErrorKind.InvalidFormat)]
    [InlineData("redis@sha256:abcd", 13, ReferenceErrorKind.InvalidFormat)]
    public void Errors_point_into_the_text_as_written(string text, int index, ReferenceErrorKind kind)
    {
        Assert.False(ImageReference.TryParseNormalized(text, out _, out var error));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(index, error.Index);
    }
}
