using System.Net;
using System.Text;
using ImagePin.Configuration;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Fuzzing;

/// <summary>
/// Inputs the fuzzers (fuzz/README.md) found that broke an invariant, each kept as a test of the behaviour it must have
/// now: a located error or a RegistryException, never an exception that escapes as exit 70.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// fuzz target `settings`, crash-80a7dfa3…: a Compose file mutated with a form feed and invalid UTF-8 inside a flow
    /// sequence. YamlDotNet's scanner threw InvalidOperationException, which the settings loader did not catch.
    /// </summary>
    private static readonly byte[] SettingsCrash = Convert.FromBase64String(
        "dmVyc2lvbjogIjMuOCIKc2VydmljZXM6CiAgdHJpbm86CiAgICBpbWFnZTogdHJpbm9kYi90cmlubwogICAgY29tbWFuZDogWyJiaW4vbGF1bmNoZXIiLCAicnVuIiwgIi0tZXRjLWRpciIsICJldGMiLCAiLS1kYXRhLWRpciIsICKcnoue3aL12iAgIHBvcnRzOgogICAgICAtICI4MDgwOjgwODAiCiAgICB2b2x1bWVzOgogICAgICAtIC4vZGF0YS9ldGM6DHVzci9saWIvdHJpbm8vZXRjCiAgICAgIC0gLi9kYXRhL2xvZzovdXNyL2xpYi90cmluby9kYXRhL3Zhci9sb2cKICAgIHdvcmtpbmdfZGlyOiAvdXNyL2xpYi90cmlubwogICAgcmVzdGFydDogdW5sZXNzLXN0b3BwZWQK");

    [Fact]
    public void Settings_that_YamlDotNet_cannot_scan_are_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Encoding.UTF8.GetString(SettingsCrash), "/x/.imagepin.yaml", ".imagepin.yaml"));

        Assert.StartsWith(".imagepin.yaml", error.Message);
        Assert.Contains("not valid YAML", error.Message);
    }

    /// <summary>
    /// fuzz target `settings`, crash-09d40ab0…: a Kubernetes manifest mutated so that a mapping has an empty implicit key
    /// (`    : nginx`) where YamlDotNet's representation model meets an event it does not load (ArgumentException).
    /// </summary>
    private static readonly byte[] SettingsCrash2 = Convert.FromBase64String(
        "YXBpVmVyc2lvbjogYXBwcy92MQpraW5kOiBEZXBsb3ltZW50Cm1ldGFkYXRhOgogIG5hbWU6IG5naW54LWRlcGxveW1lbnQKICBsYWJlbHM6CiAgICBhcHA6IG5naW54CnNwZWM6CiAgcmVwbGljYXM6IDMKICBzZWxlY3RvcjoKICAgIG1hdGNoTGFiZWxzOgogICAgICBhcHA6IG5naW54CiAgdGVtcGxhdGU6CiAgICBtZXRhZGF0YToKICAgICAgbGFiZWxzOgogICAgICAgIGFwcDogbmdpbngKICAgIHNwZWM6CiAgICAgIGNvbnRhaW5lcnM6CiAgICAgICAgLSBuYW1lOiBuZ2lueAogICAgICAgICAgaW1hZ2U6IG5naW54OjEuMTQuMgogICAgICAgICAgcG9ydHM6CiAgICAgICAgICAgIDogbmdpbngKc3BlYzoKICByZXBsaWNhczogMwogIHNlbGVjdG9yOgogICAgbWF0Y2hMYWJlbHM6CiAgICAgIGFwcDogbmdpbngKICB0ZW1wbGF0ZToKICAgIG1ldGFkYXRhOgogICAgICBsYWJlbHM6CiAgICAgICAgYXBwOiBuZ2lueAogICAgc3BlYzoKICAgICAgY29udGFpbmVyczoKICAgICAgICAtIG5hbWU6IG5naW54CiAgICAgICAgICBpbWFnZTogbmdpbng6MS4xNC4yCiAgICAgICAgICBwb3J0czoKICAgICAgICAgICAgLSBjb250YWktIGNvbnRhaW5lclBvcnQ6IDgwCg==");

    [Fact]
    public void Settings_that_YamlDotNet_cannot_load_into_nodes_are_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Encoding.UTF8.GetString(SettingsCrash2), "/x/.imagepin.yaml", ".imagepin.yaml"));

        Assert.StartsWith(".imagepin.yaml", error.Message);
    }

    [Fact]
    public void The_same_manifest_as_a_Kubernetes_file_is_read_or_a_located_error_never_an_internal_error()
    {
        using var tree = new TempTree().WriteBytes("deploy.yaml", SettingsCrash2);

        var run = CliRun.Invoke(tree.Root, "check", "deploy.yaml");

        Assert.NotEqual(70, run.ExitCode);
    }

    [Fact]
    public void The_same_settings_file_is_a_usage_error_on_the_command_line_not_an_internal_error()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3\n").WriteBytes(".imagepin.yaml", SettingsCrash);

        var run = CliRun.Invoke(tree.Root, "check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".imagepin.yaml", run.Error);
    }

    [Fact]
    public void The_same_bytes_as_a_compose_file_are_a_located_error_of_that_file()
    {
        using var tree = new TempTree().WriteBytes("compose.yaml", SettingsCrash);

        var run = CliRun.Invoke(tree.Root, "check", "compose.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("compose.yaml:", run.Out + run.Error);
    }

    /// <summary>
    /// fuzz target `manifest`, crash-008092c2…: an image config whose "created" string holds a byte that is not UTF-8
    /// (0xCF). JsonDocument accepts it and throws InvalidOperationException when the string is read.
    /// </summary>
    private static readonly byte[] ConfigCrash = Encoding.ASCII.GetBytes(
        """{"architecture":"amd64","os":"linux","variant":"v2","created":"2024-05-06T07:08:?9.123456789Z","config":{"Labels":{"a":"b"}},"rootfs":{"type":"layers","diff_ids":[]}}""")
        .Select(b => b == (byte)'?' ? (byte)0xCF : b).ToArray();

    [Fact]
    public void An_image_config_with_invalid_UTF8_in_a_string_is_a_protocol_error()
    {
        var error = Assert.Throws<RegistryException>(() => ImageConfig.Parse(ConfigCrash, "r/app:1"));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
    }

    [Fact]
    public void A_manifest_with_invalid_UTF8_in_a_string_is_a_protocol_error()
    {
        var manifest = FakeRegistry.ImageManifest().Select(b => b == (byte)'+' ? (byte)0xC3 : b).ToArray(); // "…v1?json"

        var error = Assert.Throws<RegistryException>(() => ManifestParser.Parse(FakeRegistry.Sha256(manifest), MediaTypes.OciManifest, manifest, "r/app:1"));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
    }

    [Fact]
    public async Task Error_bodies_and_token_answers_with_invalid_UTF8_are_registry_errors()
    {
        var bad = Encoding.ASCII.GetBytes("""{"errors":[{"code":"DENIED","message":"x?y"}],"token":"t?k"}""").Select(b => b == (byte)'?' ? (byte)0xFF : b).ToArray();
        foreach (var realm in new[] { false, true })
        {
            var fake = new FakeRegistry((request, _) => request.RequestUri!.Host == "203.0.113.10"
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bad) }
                : realm && request.Headers.Authorization is null
                    ? FakeRegistry.Challenge("Bearer realm=\"https://203.0.113.10/token\",service=\"s\"")
                    : new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new ByteArrayContent(bad) });
            using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 1 }, StaticCredentials.None, fake);

            var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("198.51.100.7", "team/app", "v1", null, Ct));

            Assert.NotEqual(RegistryErrorKind.DigestMismatch, error.Kind);
        }
    }

    /// <summary>
    /// fuzz target `settings`, timeout-a31ba239…: YamlDotNet's parser never returns from one step on this text (directive
    /// lines, '%…', with control characters after document content). Now abandoned after a time budget and reported.
    /// </summary>
    private static readonly byte[] ParserHang = Convert.FromBase64String(
        "cGxhdGZvcm1z//82NjYzZzNyOgolNjYzMTY2NjY2NjYAAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAMzMzMzMzMzMzMzP//9KXmp6b0ptpZ2VzdDogZjogWyFpfjY2NjY2NjYsMwAAIFshaX42NjYzIDozNnMzbTMzMzMzMzMAAAAAAAAAAAAAAAAAAAB0OiBmOiBbIWl+NjY2NjY2NiwzAAAgWyFpfjY2NjMgOjM2czNtMzMzMzMzMwAAAAAAAAAAAAAAAAAAAAAAAAAgWyFpfjY2NjY2M2czcm1zOiBbIWl+YXRqb3JtczogWyEsM2czcm1zOiBbIWl+NjYsM2czcm1zOiBbIWl+MzMzMzNzMzMzZzMzMzYzNjY2MzZudXgzMzMzMzMzMzMzMzMzcGxhdGpvcm1zOiBbdDo6CiU2NjMxNjY0NjY2NjYAAAAAAAAAAAAAAAAAAAAAAQBwbGF0am9ybXM6IFt0OjoKJTY2MzMzMzMzMzMzMwAAAAAAtgAAAAAAJgAAM3BsYXRqb3JtczogW3Q6OgolMzI2NjY2NjY2NjY2AAAAAAAAAAAAAEAAAQAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAzMzMzMzMzMzMzM///0peanpvSm2UzM2lzM2czMzMzMzMzMzNwbGF0am9ybXM6IFt0OjoKJTY2MzMzMzMzMzMzMwAAAAAAAAAmAAAzcGxhdGpvcm1zOiBbdDo6CiUzMjY2NjY2NjY2NjYAAAAAAAAAAAAAQAABAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAADMzMzMzMzMzMzMz/zw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PC08PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PP/Sl5qem9KbaWdlc3Q2NjY2ZzMzMzYzNjY2MzZudXgzMzMzMzMzMzMzMzMzcGxhdGpvcm1zOiBbdDo6CiU2NjMzMzMAAAAAAAAAADM5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTkzMzMzMwAAAAAAAAAAAAAAAPkAAAAAAAAgWyFpfjY2NjY2M2czcHUBAAAAAAAAAAAAAAAAAHVjcy/INjYsM2czcm1zOiBbIWl+NjYsM2czcm1zOiBbITMzMzYzNjY2MzZudXgzMzMzMzMzMzMzMzMzcGxhdGpvcm1zOiBbdDo6CiU2NjMzMzMzMzMzMzMAAAAAAA==");

    [Fact]
    public void Settings_the_YAML_parser_never_finishes_are_a_config_error_within_the_budget()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Encoding.UTF8.GetString(ParserHang), "/x/.imagepin.yaml", ".imagepin.yaml"));

        Assert.Contains("did not finish", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_compose_file_the_YAML_parser_never_finishes_is_a_located_error_and_the_others_are_read()
    {
        // Without its NUL bytes (with them the file is skipped as binary): the parser still never finishes.
        var text = Encoding.UTF8.GetString(ParserHang).Replace('\0', ' ');
        using var tree = new TempTree().Write("compose.yaml", text).Write("docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = CliRun.Invoke(tree.Root, "check", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did not finish", run.Out + run.Error);
        Assert.Contains("nginx:1.27", run.Out);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Directives_that_parse_are_read_as_before()
    {
        var config = ConfigLoader.Parse("%YAML 1.2\n---\nplatforms: [linux/amd64]\n", "/x/.imagepin.yaml", ".imagepin.yaml");

        Assert.Equal("linux/amd64", Assert.Single(config.Platforms!).ToString());
    }
}
