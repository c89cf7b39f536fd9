using ImagePin.Configuration;
using ImagePin.Editing;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Editing;

/// <summary>Temp files an interrupted run left, and the options that bound registry work.</summary>
public sealed class StaleTempFilesTests
{
    private const string Guid32 = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData(".Dockerfile." + Guid32 + ".imagepin-tmp", "Dockerfile")]
    [InlineData(".compose.prod.yaml." + Guid32 + ".imagepin-tmp", "compose.prod.yaml")]
    [InlineData(".Dockerfile.0123.imagepin-tmp", null)]
    [InlineData("Dockerfile." + Guid32 + ".imagepin-tmp", null)]
    [InlineData(".Dockerfile." + "0123456789ABCDEF0123456789abcdef" + ".imagepin-tmp", null)]
    [InlineData(".Dockerfile." + Guid32 + ".tmp", null)]
    public void Only_names_the_writer_makes_are_recognised(string name, string? owner) =>
        Assert.Equal(owner, StaleTempFiles.OwnerOf(name));

    [Fact]
    public void Temp_files_beside_scanned_files_are_removed_and_nothing_else()
    {
        using var tree = new TempTree()
            .Write("a/Dockerfile", "FROM alpine:3\n")
            .Write($"a/.Dockerfile.{Guid32}.imagepin-tmp", "half")
            .Write($"a/.Other.{Guid32}.imagepin-tmp", "someone else's")
            .Write($"b/.Dockerfile.{Guid32}.imagepin-tmp", "not beside a scanned file");

        var removed = StaleTempFiles.Remove([tree.PathOf("a/Dockerfile")]);

        Assert.Equal([tree.PathOf($"a/.Dockerfile.{Guid32}.imagepin-tmp")], removed);
        Assert.True(File.Exists(tree.PathOf($"a/.Other.{Guid32}.imagepin-tmp")));
        Assert.True(File.Exists(tree.PathOf($"b/.Dockerfile.{Guid32}.imagepin-tmp")));
    }

    [Fact]
    public void Pin_removes_them_and_says_so_while_a_dry_run_leaves_them()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM scratch\n").Write($".Dockerfile.{Guid32}.imagepin-tmp", "half");

        var dry = CliRun.Invoke(tree.Root, "pin", "--dry-run");
        Assert.True(File.Exists(tree.PathOf($".Dockerfile.{Guid32}.imagepin-tmp")));

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(0, dry.ExitCode);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("removed 1 temporary file left by an interrupted run", run.Error);
        Assert.False(File.Exists(tree.PathOf($".Dockerfile.{Guid32}.imagepin-tmp")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    public void A_concurrency_out_of_range_is_a_usage_error(string value)
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3\n");

        var run = CliRun.Invoke(tree.Root, "pin", "--concurrency", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--concurrency", run.Error);
    }

    [Fact]
    public void Registry_settings_for_timeout_and_head_digests_are_read_and_checked()
    {
        using var tree = new TempTree().Write(".imagepin.yaml", "registries:\n  timeout: 45s\n  trust-head-digest: true\n");

        var config = ConfigLoader.Load(tree.PathOf(".imagepin.yaml"), ".imagepin.yaml");

        Assert.Equal(TimeSpan.FromSeconds(45), config.RequestTimeout);
        Assert.True(config.TrustHeadDigest);
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("registries:\n  trust-head-digest: maybe\n", tree.PathOf("x.yaml"), "x.yaml"));
        Assert.Equal("x.yaml:2:22: registries.trust-head-digest must be true or false, not 'maybe'", error.Message);
    }
}
