using ImagePin.Configuration;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Configuration;

public class ConfigLoaderTests
{
    private static ImagepinConfig Load(TempTree tree, string yaml)
    {
        tree.Write(".imagepin.yaml", yaml);
        return ConfigLoader.Load(tree.PathOf(".imagepin.yaml"), ".imagepin.yaml");
    }

    [Fact]
    public void Every_setting_is_read_and_ca_file_is_relative_to_the_config()
    {
        using var tree = new TempTree();
        var config = Load(tree, """
            platforms: [linux/amd64, linux/arm64]
            update:
              min-age: 3d
            verify:
              max-age: 2w
            registries:
              insecure: [registry.local:5000, 10.1.2.3]
              ca-file: certs/ca.pem
              mirrors: { docker.io: mirror.gcr.io, "ghcr.io": "registry.local:5000" }
            """);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], config.Platforms!.Select(p => p.ToString()));
        Assert.Equal(TimeSpan.FromDays(3), config.MinAge);
        Assert.Equal(TimeSpan.FromDays(14), config.MaxAge);
        Assert.Equal(["registry.local:5000", "10.1.2.3"], config.InsecureRegistries);
        Assert.Equal(Path.Combine(tree.Root, "certs", "ca.pem"), config.CaFile);
        Assert.Equal("mirror.gcr.io", config.Mirrors["docker.io"]);
        Assert.Equal("registry.local:5000", config.Mirrors["ghcr.io"]);
    }

    [Fact]
    public void Empty_file_means_no_settings()
    {
        using var tree = new TempTree();
        var config = Load(tree, "# nothing yet\n");
        Assert.Null(config.Platforms);
        Assert.Empty(config.InsecureRegistries);
    }

    [Theory]
    [InlineData("platform: [linux/amd64]\n", ".imagepin.yaml:1:1: unknown key 'platform'")]
    [InlineData("update:\n  min-age: soon\n", ".imagepin.yaml:2:12: update.min-age: 'soon'")]
    [InlineData("platforms: [linux]\n", ".imagepin.yaml:1:12: platforms: 'linux'")]
    [InlineData("verify: 30d\n", ".imagepin.yaml:1:9: verify must be a mapping")]
    [InlineData("platforms: [linux/amd64\n", ".imagepin.yaml:2:1: not valid YAML")]
    [InlineData("registries:\n  insecure: {a: b}\n", ".imagepin.yaml:2:13: registries.insecure must be a list of strings")]
    [InlineData("platforms: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[linux/amd64]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", ".imagepin.yaml:1:")]
    [InlineData("registries:\n  mirrors: [mirror.gcr.io]\n", ".imagepin.yaml:2:12: registries.mirrors must be a mapping")]
    [InlineData("registries:\n  mirrors:\n    docker.io: https://mirror.gcr.io\n", ".imagepin.yaml:3:16: registries.mirrors: 'https://mirror.gcr.io' is not a registry host[:port]")]
    public void Mistakes_are_errors_with_file_line_and_column(string yaml, string expectedStart)
    {
        using var tree = new TempTree();
        var error = Assert.Throws<ConfigException>(() => Load(tree, yaml));
        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void Config_is_found_above_the_working_folder_but_not_above_the_repository_root()
    {
        using var tree = new TempTree().Write("repo/.imagepin.yml", "platforms: [linux/amd64]\n").Write("repo/a/b/Dockerfile", "FROM x\n");
        Directory.CreateDirectory(tree.PathOf("repo/.git"));
        Assert.Equal(tree.PathOf("repo/.imagepin.yml"), ConfigLoader.Find(tree.PathOf("repo/a/b")));

        using var outer = new TempTree().Write(".imagepin.yaml", "platforms: [linux/amd64]\n").Write("repo/Dockerfile", "FROM x\n");
        Directory.CreateDirectory(outer.PathOf("repo/.git"));
        Assert.Null(ConfigLoader.Find(outer.PathOf("repo")));
    }

    [Fact]
    public void Invalid_config_is_a_usage_error_naming_the_place()
    {
        using var tree = new TempTree().Write(".imagepin.yaml", "verify:\n  max-ages: 30d\n").Write("Dockerfile", "FROM a:1\n");
        var run = CliRun.Invoke(tree.Root, "verify");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".imagepin.yaml:2:3: unknown key 'max-ages'", run.Error);
    }

    [Fact]
    public void Missing_explicit_config_is_a_usage_error()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM a:1\n");
        Assert.Equal(2, CliRun.Invoke(tree.Root, "pin", "--config", "nope.yaml").ExitCode);
    }

    [Fact]
    public void Fifty_thousand_nested_brackets_are_a_located_error_not_a_crash()
    {
        using var tree = new TempTree();
        var error = Assert.Throws<ConfigException>(() => Load(tree, "platforms: " + new string('[', 50_000) + "\n"));
        Assert.Contains("nested more than", error.Message);
    }
}
