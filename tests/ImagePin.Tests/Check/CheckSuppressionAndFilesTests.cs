using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

public class CheckSuppressionAndFilesTests
{
    [Fact]
    public void Ignore_comment_on_the_line_before_suppresses_but_still_lists()
    {
        using var tree = new TempTree().Write("Dockerfile", "# imagepin:ignore rebuilt nightly on purpose\nFROM node:latest\nFROM node\n");
        var result = CheckJson.Run(tree);
        var ignored = result.Single("node:latest");
        Assert.Equal("ignored", Str(ignored, "status"));
        Assert.Equal("none", Str(ignored, "severity"));
        Assert.Equal("IP002", Str(ignored, "rule"));
        Assert.Contains("rebuilt nightly on purpose", Str(ignored, "message"));
        Assert.Equal("untagged", Str(result.Single("node"), "status"));
    }

    [Fact]
    public void Pinned_reference_can_be_suppressed_and_verify_then_leaves_it_alone()
    {
        const string pinned = "127.0.0.1:1/gone/app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        using var tree = new TempTree().Write("Dockerfile", $"# imagepin:ignore vendored base, checked elsewhere\nFROM {pinned}\n");
        var r = CheckJson.Run(tree).Single(pinned);
        Assert.Equal("ignored", Str(r, "status"));
        Assert.Equal("none", Str(r, "severity"));
        // The registry at 127.0.0.1:1 does not exist: verify must not even ask it.
        var verify = CliRun.Invoke(tree.Root, "verify");
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal("", verify.Out);
    }

    [Fact]
    public void Only_ignored_findings_exit_zero()
    {
        using var tree = new TempTree().Write("Dockerfile", "# imagepin:ignore\nFROM node:latest\n");
        Assert.Equal(0, CheckJson.Run(tree).ExitCode);
    }

    [Fact]
    public void Ignore_comment_further_up_does_not_apply()
    {
        using var tree = new TempTree().Write("Dockerfile", "# imagepin:ignore\n\nFROM node:latest\n");
        Assert.Equal("latest", Str(CheckJson.Run(tree).Single("node:latest"), "status"));
    }

    [Fact]
    public void Dockerfile_names_are_recognised_in_any_case_and_others_are_not()
    {
        using var tree = new TempTree()
            .Write("a/Dockerfile", "FROM a1\n")
            .Write("b/containerfile", "FROM b1\n")
            .Write("c/api.Dockerfile", "FROM c1\n")
            .Write("d/app.dockerfile", "FROM d1\n")
            .Write("e/Dockerfile.prod", "FROM e1\n")
            .Write("f/Containerfile.dev", "FROM f1\n")
            .Write("g/Dockerfile.dockerignore", "FROM g1\n")
            .Write("h/notes.txt", "FROM h1\n");
        var files = CheckJson.Run(tree).References.Select(r => Str(r, "file")).ToList();
        Assert.Equal(["a/Dockerfile", "b/containerfile", "c/api.Dockerfile", "d/app.dockerfile", "e/Dockerfile.prod", "f/Containerfile.dev"], files);
    }

    [Fact]
    public void File_named_on_the_command_line_is_read_whatever_its_name()
    {
        using var tree = new TempTree().Write("build/image.txt", "FROM alpine:3\n");
        var r = CheckJson.Run(tree, "build/image.txt").Single("alpine:3");
        Assert.Equal("build/image.txt", Str(r, "file"));
    }

    [Fact]
    public void Gitignored_files_are_skipped_unless_asked_for()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "vendor/\n*.tmp.Dockerfile\n")
            .Write("Dockerfile", "FROM keep:1\n")
            .Write("vendor/Dockerfile", "FROM skip:1\n")
            .Write("x.tmp.Dockerfile", "FROM skip:2\n")
            .Write("sub/.gitignore", "Dockerfile.local\n")
            .Write("sub/Dockerfile.local", "FROM skip:3\n");
        Assert.Equal(["keep:1"], CheckJson.Run(tree).References.Select(r => Str(r, "text")).ToList());
        Assert.Equal(4, CheckJson.Run(tree, "--include-ignored").References.Count);
    }

    [Fact]
    public void Binary_file_is_skipped_with_a_note()
    {
        using var tree = new TempTree().WriteBytes("Dockerfile", [0x46, 0x52, 0x00, 0x01]);
        var result = CheckJson.Run(tree);
        Assert.Empty(result.References);
        Assert.Contains("binary", result.Error);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Unparseable_file_is_listed_in_errors_with_a_location_and_exit_1()
    {
        using var tree = new TempTree().Write("Dockerfile", "# only a comment\n").Write("ok/Dockerfile", "FROM a:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        var result = CheckJson.Run(tree);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Dockerfile", Str(error, "file"));
        Assert.False(string.IsNullOrWhiteSpace(Str(error, "message")));
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("FROMM python:3.12\n", "unknown instruction")]
    [InlineData("FROM python:3.12 extra\n", "FROM requires either one or three arguments")]
    [InlineData("FROM python:3.12\nCOPY --frm=a /x /y\n", "unknown flag")]
    [InlineData("FROM python:3.12\nONBUILD FROM node:20\n", "ONBUILD")]
    public void File_that_docker_build_would_reject_is_an_error_with_a_location(string content, string reason)
    {
        using var tree = new TempTree().Write("Dockerfile", content);
        var result = CheckJson.Run(tree);
        var error = Assert.Single(result.Errors);
        Assert.Contains(reason, Str(error, "message"));
        Assert.True(error.GetProperty("line").GetInt32() >= 1);
        Assert.Equal(1, result.ExitCode);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public async Task A_fifo_named_Dockerfile_in_a_walked_folder_is_skipped_with_a_note_and_does_not_hang_the_run()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tree = new TempTree().Write("ok/Dockerfile", "FROM a:1\n");
        MakeFifo(tree.PathOf("Dockerfile"));
        var result = await Task.Run(() => CheckJson.Run(tree), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal("a:1", Str(result.References.Single(), "text"));
        Assert.Empty(result.Errors);
        Assert.Contains("named pipe (FIFO), not a regular file", result.Error);
    }

    [Fact]
    public async Task A_fifo_named_on_the_command_line_is_an_error_that_says_what_it_is()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tree = new TempTree();
        MakeFifo(tree.PathOf("Dockerfile"));
        var run = await Task.Run(() => CliRun.Invoke(tree.Root, "check", "Dockerfile"), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not a regular file but a named pipe (FIFO)", run.Error + run.Out);
        Assert.DoesNotContain("no instructions", run.Error + run.Out);
    }

    [Fact]
    public void Missing_path_is_a_usage_error()
    {
        using var tree = new TempTree();
        var run = CliRun.Invoke(tree.Root, "check", "no/such/dir");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no/such/dir", run.Error);
    }

    [Fact]
    public void Malformed_build_arg_is_a_usage_error()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM a:1\n");
        Assert.Equal(2, CliRun.Invoke(tree.Root, "check", "--build-arg", "=x").ExitCode);
    }
}
