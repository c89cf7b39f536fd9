using System.Text.Json;
using ImagePin.Cli;
using ImagePin.Discovery;
using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

/// <summary>Which files a scan reads: standard input, --exclude and ignore.paths, tracked files under .gitignore, unreadable folders, nothing found.</summary>
public sealed class DiscoveryOptionsTests
{
    private static List<string?> CheckedFiles(TempTree tree, params string[] extra) =>
        CheckJson.Run(tree, extra).References.Select(r => Str(r, "file")).ToList();

    [Fact]
    public void Standard_input_is_checked_as_a_dockerfile_named_dash()
    {
        using var tree = new TempTree();

        var run = CliRun.WithInput(tree.Root, "FROM alpine:3.20\n", "check", "-", "--format", "json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var reference = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("references").EnumerateArray());
        Assert.Equal("-", Str(reference, "file"));
        Assert.Equal("tag", Str(reference, "status"));
    }

    [Theory]
    [InlineData("pin")]
    [InlineData("update")]
    public void Commands_that_rewrite_refuse_standard_input(string command)
    {
        using var tree = new TempTree();

        var run = CliRun.WithInput(tree.Root, "FROM alpine:3.20\n", command, "-");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("standard input", run.Error);
    }

    [Fact]
    public void An_empty_path_is_a_usage_error_not_the_current_folder()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3\n");

        var run = CliRun.Invoke(tree.Root, "check", "");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("empty path", run.Error);
    }

    [Fact]
    public void Exclude_leaves_out_folders_paths_and_names_but_never_a_named_file()
    {
        using var tree = new TempTree()
            .Write("Dockerfile", "FROM a:1\n")
            .Write("Dockerfile.dev", "FROM b:1\n")
            .Write("svc/Dockerfile.dev", "FROM c:1\n")
            .Write("vendor/lib/Dockerfile", "FROM d:1\n")
            .Write("svc/testdata/Dockerfile", "FROM e:1\n")
            .Write("svc/Dockerfile", "FROM f:1\n");

        Assert.Equal(["Dockerfile", "svc/Dockerfile"], CheckedFiles(tree, "--exclude", "vendor/**", "--exclude", "**/testdata/**", "--exclude", "Dockerfile.dev"));
        Assert.Equal(["vendor/lib/Dockerfile"], CheckedFiles(tree, "vendor/lib/Dockerfile", "--exclude", "vendor/**"));
    }

    [Fact]
    public void Settings_ignore_paths_are_relative_to_the_settings_file()
    {
        using var tree = new TempTree()
            .Write(".imagepin.yaml", "ignore:\n  paths: [\"examples/**\"]\n")
            .Write("examples/Dockerfile", "FROM a:1\n")
            .Write("sub/examples/Dockerfile", "FROM b:1\n")
            .Write("Dockerfile", "FROM c:1\n");

        Assert.Equal(["Dockerfile", "sub/examples/Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Bad_exclude_glob_is_a_usage_error()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM a:1\n");

        var run = CliRun.Invoke(tree.Root, "check", "--exclude", "[abc");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--exclude '[abc'", run.Error);
    }

    [Fact]
    public void An_oversized_file_is_an_error_when_named_and_a_counted_skip_in_a_walk()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM scratch\n").Write("big/Dockerfile", "FROM scratch\n#" + new string('x', 5 * 1024 * 1024) + "\n");

        var walked = CliRun.Invoke(tree.Root, "verify");
        var named = CliRun.Invoke(tree.Root, "verify", "big/Dockerfile");

        Assert.Equal(0, walked.ExitCode);
        Assert.Contains("big/Dockerfile: skipped", walked.Error);
        Assert.Equal(1, named.ExitCode);
        Assert.Contains("big/Dockerfile: error: ", named.Out);
        Assert.Contains("was not read", named.Out);
    }

    [Fact]
    public void A_rewrite_that_would_grow_a_file_past_the_read_limit_is_refused()
    {
        // 100 bytes under 4 MiB: two pins add 142 and cross the limit, so the next run could not read the file.
        var size = (int)ImagePin.Sources.SourceLimits.MaxFileBytes - 100 - 34;
        var comment = string.Concat(Enumerable.Repeat("#" + new string('x', 999) + "\n", size / 1001)) + "#" + new string('x', size % 1001 - 1);
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n" + comment + "\nFROM busybox:1\n");
        var file = new DiscoveredFile(tree.PathOf("Dockerfile"), "Dockerfile", Explicit: true);
        var (text, bom) = ImagePin.Sources.SourceDecoder.Decode(File.ReadAllBytes(file.FullPath));
        Assert.InRange(text.Length, ImagePin.Sources.SourceLimits.MaxFileBytes - 110, ImagePin.Sources.SourceLimits.MaxFileBytes - 90);
        var document = new ImagePin.Sources.Dockerfiles.DockerfileSource(new Dictionary<string, string>()).Read(file, text, bom);
        var digest = "@sha256:" + new string('a', 64);

        var notWritten = ImagePin.Editing.FileRewrite.Apply(document, [new(16, 0, digest), new(text.Length - 1, 0, digest)], [], dryRun: false, out _);

        Assert.True(notWritten?.Contains("over the") == true, notWritten);
        Assert.Equal(text, tree.Read("Dockerfile"));
    }

    [Fact]
    public void Nothing_to_scan_is_said_on_standard_error()
    {
        using var tree = new TempTree().Write("README.md", "# nothing here\n");

        var run = CliRun.Invoke(tree.Root, "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("no files to scan in the current folder", run.Error);
    }

    [Fact]
    public void A_folder_that_cannot_be_opened_is_an_error_naming_it()
    {
        // Permissions do not stop root, but a path longer than the system allows stops everyone.
        using var tree = new TempTree().Write("Dockerfile", "FROM a:1\n");
        // Made one level at a time from inside the previous one, as only relative paths that long can be used.
        var level = new string('d', 250);
        Run(tree.Root, "bash", "-c", $"for i in $(seq 20); do mkdir {level} && cd {level} || exit 1; done");

        var result = CheckJson.Run(tree);
        Run(tree.Root, "rm", "-rf", level); // .NET cannot delete what it cannot name

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors);
        Assert.Contains("cannot read this folder (the path is too long", Str(error, "message"));
        Assert.Single(result.References);
    }

    [Fact]
    public void A_tracked_file_is_read_even_where_gitignore_ignores_it()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "build/\nDockerfile.local\n")
            .Write("sub/build/Dockerfile", "FROM tracked:1\n")
            .Write("sub/build/other/Dockerfile", "FROM untracked:1\n")
            .Write("Dockerfile.local", "FROM tracked-local:1\n")
            .Write("sub/Dockerfile.local", "FROM untracked-local:1\n");
        Git(tree.Root, "init", "-q");
        Git(tree.Root, "add", "-f", "sub/build/Dockerfile", "Dockerfile.local");

        Assert.Equal(["Dockerfile.local", "sub/build/Dockerfile"], CheckedFiles(tree));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Git_index_paths_are_read_in_every_index_version(int version)
    {
        using var tree = new TempTree()
            .Write("a/Dockerfile", "x").Write("a/b/c/Containerfile", "x").Write("ünïcode/Dockerfile.é", "x")
            .Write(new string('n', 120) + "/Dockerfile", "x").Write("z", "x");
        Git(tree.Root, "init", "-q");
        Git(tree.Root, "add", ".");
        Git(tree.Root, "add", "--intent-to-add", "-f", ".");
        tree.Write("later/Dockerfile", "x");
        Git(tree.Root, "add", "--intent-to-add", "later/Dockerfile"); // sets the extended flags in version 3
        Git(tree.Root, "update-index", "--index-version", version.ToString());

        var index = GitIndex.Load(tree.Root);
        var expected = Git(tree.Root, "ls-files", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected.Length, index.Count);
        Assert.All(expected, path => Assert.True(index.Tracks(path), path));
        Assert.True(index.TracksBelow("a/b"));
        Assert.False(index.TracksBelow("a/b/c/Containerfile"));
        Assert.False(index.Tracks("a"));
    }

    private static string Git(string directory, params string[] args) => ExternalTool.Succeed(directory, "git", args);

    private static string Run(string directory, string program, params string[] args) => ExternalTool.Succeed(directory, program, args);
}
