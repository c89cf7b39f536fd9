using ImagePin.Discovery;
using ImagePin.Editing;
using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Editing;

/// <summary>A rewrite never overwrites what someone else changed meanwhile, and checks every reference it rewrote.</summary>
public sealed class ConcurrentChangeTests
{
    private const string Digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static SourceDocument Read(TempTree tree, string name)
    {
        var file = new DiscoveredFile(tree.PathOf(name), name, Explicit: true);
        var (text, bom) = SourceDecoder.Decode(File.ReadAllBytes(file.FullPath));
        return new DockerfileSource(new Dictionary<string, string>()).Read(file, text, bom);
    }

    [Fact]
    public void A_file_edited_after_it_was_read_is_left_with_that_edit()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");
        var document = Read(tree, "Dockerfile");
        var edit = new TextEdit(16, 0, "@" + Digest);
        tree.Write("Dockerfile", "FROM alpine:3.20\nRUN echo someone else\n");

        var notWritten = FileRewrite.Apply(document, [edit], [new ExpectedReference(0, "alpine:3.20@" + Digest)], dryRun: false, out _);

        Assert.NotNull(notWritten);
        Assert.Contains("changed while imagepin ran", notWritten);
        Assert.Equal("FROM alpine:3.20\nRUN echo someone else\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public void An_edit_arriving_just_before_the_rename_is_not_overwritten()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");
        var path = tree.PathOf("Dockerfile");
        var original = File.ReadAllBytes(path);

        var error = Assert.Throws<FileChangedException>(() =>
            AtomicFileWriter.WriteIfUnchanged(path, original, "FROM alpine:3.20@x\n"u8.ToArray(), _ => File.WriteAllText(path, "FROM other:1\n")));

        Assert.Contains("changed while imagepin ran", error.Message);
        Assert.Equal("FROM other:1\n", tree.Read("Dockerfile"));
        Assert.Empty(Directory.GetFiles(tree.Root, "*.imagepin-tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_rewrite_whose_reference_would_not_read_as_expected_is_not_written()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");
        var document = Read(tree, "Dockerfile");

        var notWritten = FileRewrite.Apply(document, [new TextEdit(16, 0, "@" + Digest)], [new ExpectedReference(0, "alpine:3.20@sha256:other")], dryRun: false, out _);

        Assert.Contains("would read 'alpine:3.20@" + Digest + "', not 'alpine:3.20@sha256:other'", notWritten);
        Assert.Equal("FROM alpine:3.20\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public void A_document_whose_text_was_let_go_is_read_again_and_rewritten_when_the_file_is_unchanged()
    {
        using var tree = new TempTree().Write("Dockerfile", "\uFEFFFROM alpine:3.20\r\n");
        var document = Read(tree, "Dockerfile").WithoutText();

        Assert.Throws<InvalidOperationException>(() => document.Text);
        var notWritten = FileRewrite.Apply(document, [new TextEdit(16, 0, "@" + Digest)], [new ExpectedReference(0, "alpine:3.20@" + Digest)], dryRun: false, out _);

        Assert.Null(notWritten);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("\uFEFFFROM alpine:3.20@" + Digest + "\r\n"), File.ReadAllBytes(tree.PathOf("Dockerfile")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_same_length_edit_made_after_the_scan_is_seen_though_the_text_was_let_go(bool dryRun)
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");
        var document = Read(tree, "Dockerfile").WithoutText();
        tree.Write("Dockerfile", "FROM alpine:3.21\n");

        var notWritten = FileRewrite.Apply(document, [new TextEdit(16, 0, "@" + Digest)], [new ExpectedReference(0, "alpine:3.20@" + Digest)], dryRun, out var diff);

        Assert.Contains("Dockerfile changed while imagepin ran", notWritten);
        Assert.Null(diff);
        Assert.Equal("FROM alpine:3.21\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public void A_file_removed_after_the_scan_is_reported_and_not_recreated()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");
        var document = Read(tree, "Dockerfile").WithoutText();
        File.Delete(tree.PathOf("Dockerfile"));

        var notWritten = FileRewrite.Apply(document, [new TextEdit(16, 0, "@" + Digest)], [new ExpectedReference(0, "alpine:3.20@" + Digest)], dryRun: false, out _);

        Assert.Contains("was removed while imagepin ran", notWritten);
        Assert.False(File.Exists(tree.PathOf("Dockerfile")));
    }
}
