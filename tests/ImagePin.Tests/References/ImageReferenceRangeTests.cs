using ImagePin.References;

namespace ImagePin.Tests.References;

public class ImageReferenceRangeTests
{
    private const string Sha = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static ImageReference Normalized(string text)
    {
        Assert.True(ImageReference.TryParseNormalized(text, out var reference, out var error), error?.Message);
        return reference;
    }

    private static string Slice(string text, TextRange range) => text.Substring(range.Start, range.Length);

    [Fact]
    public void Ranges_locate_name_tag_and_digest_as_written_in_a_familiar_reference()
    {
        var text = "python:3.12-slim@" + Sha;
        var reference = Normalized(text);

        Assert.Equal(text, reference.Original);
        Assert.Equal("python", Slice(text, reference.NameRange));
        Assert.Equal("3.12-slim", Slice(text, reference.TagRange));
        Assert.Equal(Sha, Slice(text, reference.DigestRange));
        Assert.Equal("docker.io/library/python", reference.Name);
    }

    [Fact]
    public void Name_range_covers_the_registry_and_port_as_written()
    {
        var reference = Normalized("[::1]:5000/team/app:v1");

        Assert.Equal("[::1]:5000/team/app", Slice(reference.Original, reference.NameRange));
        Assert.Equal("v1", Slice(reference.Original, reference.TagRange));
        Assert.False(reference.DigestRange.IsPresent);
    }

    [Fact]
    public void Absent_tag_and_digest_have_no_range()
    {
        var reference = Normalized("index.docker.io/ubuntu");

        Assert.Equal(TextRange.None, reference.TagRange);
        Assert.Equal(TextRange.None, reference.DigestRange);
        Assert.Equal(-1, reference.TagRange.Start);
        Assert.Equal("index.docker.io/ubuntu", Slice(reference.Original, reference.NameRange));
    }

    [Fact]
    public void WithDigest_inserts_after_the_tag_and_keeps_the_users_spelling()
    {
        var digest = new Digest("sha256", new string('a', 64));
        var pinned = Normalized("index.docker.io/library/python:3.12").WithDigest(digest);

        Assert.Equal("index.docker.io/library/python:3.12@sha256:" + new string('a', 64), pinned.Original);
        Assert.Equal(digest.ToString(), Slice(pinned.Original, pinned.DigestRange));
        Assert.Equal("3.12", Slice(pinned.Original, pinned.TagRange));
        Assert.Equal("docker.io/library/python:3.12@" + digest, pinned.ToString());
    }

    [Fact]
    public void WithDigest_replaces_an_existing_digest_only()
    {
        var fresh = new Digest("sha256", new string('b', 64));
        var repinned = Normalized("Registry.Example.com:443/app:1@" + Sha).WithDigest(fresh);

        Assert.Equal("Registry.Example.com:443/app:1@" + fresh, repinned.Original);
        Assert.Equal(fresh, repinned.Digest);
        Assert.Equal("1", repinned.Tag);
    }

    [Fact]
    public void WithTag_replaces_the_tag_and_keeps_the_digest_after_it()
    {
        var retagged = Normalized("alpine:3.19@" + Sha).WithTag("3.20");

        Assert.Equal("alpine:3.20@" + Sha, retagged.Original);
        Assert.Equal("3.20", Slice(retagged.Original, retagged.TagRange));
        Assert.Equal(Sha, Slice(retagged.Original, retagged.DigestRange));
    }

    [Fact]
    public void WithTag_rejects_an_invalid_tag_with_the_upstream_message()
    {
        var error = Assert.Throws<ArgumentException>(() => Normalized("busybox").WithTag("-foo"));
        Assert.StartsWith("invalid tag format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDigest_rejects_a_digest_outside_the_grammar()
    {
        var error = Assert.Throws<ArgumentException>(() => Normalized("busybox").WithDigest(new Digest("sha256", "abc")));
        Assert.Contains("digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_reference_drops_the_tag_when_a_digest_is_present_and_keeps_the_digest_range()
    {
        Assert.True(ImageReference.TryParseDockerReference("ubuntu:22.04@" + Sha, out var reference, out var error), error?.Message);

        Assert.Null(reference.Tag);
        Assert.Equal("ubuntu@" + Sha, reference.Original);
        Assert.Equal(Sha, Slice(reference.Original, reference.DigestRange));
        Assert.Equal("docker.io/library/ubuntu@" + Sha, reference.ToString());
    }

    [Fact]
    public void Docker_reference_adds_latest_when_neither_tag_nor_digest_is_given()
    {
        Assert.True(ImageReference.TryParseDockerReference("ghcr.io/org/tool", out var reference, out var error), error?.Message);

        Assert.Equal("latest", reference.Tag);
        Assert.Equal("ghcr.io/org/tool:latest", reference.ToString());
    }
}
