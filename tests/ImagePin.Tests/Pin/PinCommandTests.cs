using System.Text.Json;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Pin;

/// <summary>`imagepin pin` end to end against the real registries that tests/infra/setup.sh starts.</summary>
public sealed class PinCommandTests
{
    private static string Open => TestRegistries.Open;

    private static async Task<(string Image, PushedManifest Pushed)> PushAsync(string prefix, string tag = "1.0")
    {
        var repository = TestRegistries.UniqueRepository(prefix);
        var pushed = await Pushers.Open().PushImageAsync(repository, tag, ImageFormat.Oci);
        return ($"{Open}/{repository}", pushed);
    }

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Out).RootElement;

    [Fact]
    public async Task Every_context_is_pinned_by_inserting_only_the_digest()
    {
        var (a, pa) = await PushAsync("ctx-a");
        var (b, pb) = await PushAsync("ctx-b", "latest");
        var (c, pc) = await PushAsync("ctx-c", "2");
        var (d, pd) = await PushAsync("ctx-d", "3");
        var (e, pe) = await PushAsync("ctx-e", "4");
        var original =
            $"FROM {a}:1.0 AS base\n" +
            $"FROM {b}\n" +
            $"COPY --from={c}:2 /x /x\n" +
            $"RUN --mount=type=bind,from={d}:3,target=/d true\n" +
            $"ONBUILD COPY --from={e}:4 /y /y\n" +
            "FROM base\n";
        using var tree = new TempTree().Write("Dockerfile", original);

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(0, run.ExitCode);
        var expected =
            $"FROM {a}:1.0@{pa.Digest} AS base\n" +
            $"FROM {b}:latest@{pb.Digest}\n" +
            $"COPY --from={c}:2@{pc.Digest} /x /x\n" +
            $"RUN --mount=type=bind,from={d}:3@{pd.Digest},target=/d true\n" +
            $"ONBUILD COPY --from={e}:4@{pe.Digest} /y /y\n" +
            "FROM base\n";
        Assert.Equal(expected, tree.Read("Dockerfile"));
        // Every digest written equals what skopeo computes from the registry's raw manifest.
        foreach (var (image, pushed) in new[] { ($"{a}:1.0", pa), ($"{b}:latest", pb), ($"{c}:2", pc), ($"{d}:3", pd), ($"{e}:4", pe) })
            Assert.Equal(await Skopeo.RawManifestDigestAsync(image), pushed.Digest);
    }

    [Fact]
    public async Task The_phase_trace_says_when_the_first_request_left_and_the_last_response_came_within_the_run()
    {
        var (a, _) = await PushAsync("trace-a");
        var (b, _) = await PushAsync("trace-b");
        using var tree = new TempTree().Write("one/Dockerfile", $"FROM {a}:1.0\n").Write("two/Dockerfile", $"FROM {b}:1.0\n");

        // The trace is read once per process (a static field), so the built tool runs as its own process.
        var (exitCode, output, error) = ExternalTool.Run(tree.Root, new Dictionary<string, string?> { ["IMAGEPIN_TRACE_PHASES"] = "1" },
            "dotnet", Path.Combine(AppContext.BaseDirectory, "imagepin.dll"), "pin", "--dry-run", "--format", "json");

        Assert.Equal(0, exitCode);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("changes").GetArrayLength());
        double Phase(string name)
        {
            var line = error.Split('\n').Single(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal));
            return double.Parse(line.TrimStart()[name.Length..].TrimStart().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        var first = Phase("1st req");
        var last = Phase("last resp");
        Assert.InRange(first, 0, last);
        Assert.InRange(last, first, Phase("Main→end"));
        Assert.True(Phase("rewrite") >= 0);
    }

    [Fact]
    public async Task Second_run_changes_nothing()
    {
        var (a, _) = await PushAsync("twice");
        using var tree = new TempTree().Write("Dockerfile", $"FROM {a}:1.0\n");
        Assert.Equal(0, CliRun.Invoke(tree.Root, "pin").ExitCode);
        var once = tree.Read("Dockerfile");

        var again = CliRun.Invoke(tree.Root, "pin", "--format", "json");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(once, tree.Read("Dockerfile"));
        Assert.Equal(0, Json(again).GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public async Task Each_distinct_image_is_resolved_with_one_request_however_many_files_use_it()
    {
        var (a, pa) = await PushAsync("dedupe-a");
        var (b, _) = await PushAsync("dedupe-b");
        using var tree = new TempTree();
        for (var i = 0; i < 12; i++)
            tree.Write($"svc{i}/Dockerfile", $"FROM {a}:1.0\nCOPY --from={b}:1.0 /a /a\nFROM {a}:1.0\n");

        var run = CliRun.Invoke(tree.Root, "pin", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var json = Json(run);
        Assert.Equal(36, json.GetProperty("changes").GetArrayLength());
        Assert.Equal(2, json.GetProperty("distinctImages").GetInt32());
        Assert.Equal(2, json.GetProperty("registryRequests").GetInt32());
        Assert.All(json.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("before").GetString() == $"{a}:1.0"),
            c => Assert.Equal(pa.Digest, c.GetProperty("digest").GetString()));
    }

    [Fact]
    public async Task Multi_arch_tag_pins_the_index_and_platform_option_pins_that_platform()
    {
        var repository = TestRegistries.UniqueRepository("multi");
        var index = await Pushers.Open().PushIndexAsync(repository, "1", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        var image = $"{Open}/{repository}:1";
        using var tree = new TempTree().Write("a/Dockerfile", $"FROM {image}\n").Write("b/Dockerfile", $"FROM {image}\n");

        Assert.Equal(0, CliRun.Invoke(tree.Root, "pin", "a").ExitCode);
        Assert.Equal(0, CliRun.Invoke(tree.Root, "pin", "b", "--platform", "linux/arm64").ExitCode);

        Assert.Equal($"FROM {image}@{index.Digest}\n", tree.Read("a/Dockerfile"));
        Assert.Equal($"FROM {image}@{index.Child("linux/arm64/v8").Digest}\n", tree.Read("b/Dockerfile"));
        Assert.Equal(await Skopeo.RawManifestDigestAsync(image), index.Digest);
    }

    [Fact]
    public async Task A_stage_platform_the_file_states_wins_over_the_platform_option_and_a_build_time_one_keeps_the_index()
    {
        var repository = TestRegistries.UniqueRepository("stageplat");
        var index = await Pushers.Open().PushIndexAsync(repository, "1", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        var image = $"{Open}/{repository}:1";
        using var tree = new TempTree().Write("Dockerfile",
            $"FROM --platform=linux/arm64 {image} AS arm\nFROM --platform=$BUILDPLATFORM {image} AS tools\nFROM {image}\n");

        var run = CliRun.Invoke(tree.Root, "pin", "--platform", "linux/amd64", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"FROM --platform=linux/arm64 {image}@{index.Child("linux/arm64/v8").Digest} AS arm\n" +
            $"FROM --platform=$BUILDPLATFORM {image}@{index.Digest} AS tools\n" +
            $"FROM {image}@{index.Child("linux/amd64").Digest}\n", tree.Read("Dockerfile"));
        var notes = Json(run).GetProperty("changes").EnumerateArray().Select(c => c.TryGetProperty("note", out var n) ? n.GetString() : null).ToList();
        Assert.Contains("the file asks for linux/arm64", notes[0]);
        Assert.Contains("decided at build time", notes[1]);
        Assert.Null(notes[2]);
    }

    [Fact]
    public async Task Unknown_platform_is_reported_and_the_file_left_alone()
    {
        var repository = TestRegistries.UniqueRepository("noplat");
        await Pushers.Open().PushIndexAsync(repository, "1", ImageFormat.Docker, "linux/amd64");
        var content = $"FROM {Open}/{repository}:1\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "pin", "--platform", "linux/s390x");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("linux/s390x", run.Error);
        Assert.Contains("linux/amd64", run.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Unknown_tag_fails_that_reference_and_the_others_are_still_pinned()
    {
        var (a, pa) = await PushAsync("partial");
        using var tree = new TempTree().Write("Dockerfile", $"FROM {a}:1.0\nFROM {a}:no-such-tag\n");

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Dockerfile:2:6: error:", run.Error);
        Assert.Contains("no-such-tag", run.Error);
        Assert.Equal($"FROM {a}:1.0@{pa.Digest}\nFROM {a}:no-such-tag\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public void Unreachable_registry_is_exit_code_3()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM 127.0.0.1:1/nothing/here:1\n");
        var run = CliRun.Invoke(tree.Root, "pin");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("FROM 127.0.0.1:1/nothing/here:1\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Dry_run_prints_a_unified_diff_and_writes_nothing()
    {
        var (a, pa) = await PushAsync("dry");
        var content = $"FROM {a}:1.0\nRUN true\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "pin", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Contains("--- a/Dockerfile\n+++ b/Dockerfile\n", run.Out);
        Assert.Contains($"-FROM {a}:1.0\n+FROM {a}:1.0@{pa.Digest}\n", run.Out);
    }

    [Fact]
    public async Task Arg_default_that_is_a_whole_reference_gets_the_digest()
    {
        var (a, pa) = await PushAsync("argdef");
        using var tree = new TempTree().Write("Dockerfile", $"ARG BASE=\"{a}:1.0\"\nFROM ${{BASE}} AS one\nFROM $BASE\n");

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"ARG BASE=\"{a}:1.0@{pa.Digest}\"\nFROM ${{BASE}} AS one\nFROM $BASE\n", tree.Read("Dockerfile"));
        // Reported at the reference, with the place the characters changed.
        Assert.Contains("Dockerfile:2:6: pinned ARG BASE=", run.Out);
        Assert.Contains("(written at line 1, column 10)", run.Out);
    }

    [Fact]
    public async Task Arg_used_outside_image_references_is_not_rewritten_and_the_reason_given()
    {
        var (a, _) = await PushAsync("argelse");
        var content = $"ARG BASE={a}:1.0\nFROM ${{BASE}}\nARG BASE\nLABEL base=${{BASE}}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("also used outside image references", run.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Uses_of_an_arg_in_a_stage_that_does_not_declare_it_are_no_uses()
    {
        // BuildKit expands $BASE to nothing in a stage without 'ARG BASE': the digest cannot change that line.
        var (a, pa) = await PushAsync("argundeclared");
        using var tree = new TempTree().Write("Dockerfile", $"ARG BASE={a}:1.0\nFROM ${{BASE}}\nRUN echo $BASE\n");

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"ARG BASE={a}:1.0@{pa.Digest}\nFROM ${{BASE}}\nRUN echo $BASE\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Update_refuses_an_arg_default_that_pin_refuses()
    {
        var (a, pa) = await PushAsync("argboth");
        var content = $"ARG BASE={a}:1.0@{pa.Digest}\nFROM ${{BASE}}\nARG BASE\nLABEL base=${{BASE}}\n";
        using var tree = new TempTree().Write("Dockerfile", content);
        await Pushers.Open().PushImageAsync(a[(Open.Length + 1)..], "1.0", ImageFormat.Oci);

        var run = CliRun.Invoke(tree.Root, "update");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("also used outside image references", run.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Arg_shared_with_a_suppressed_reference_is_not_rewritten()
    {
        var (a, _) = await PushAsync("argignored");
        var content = $"ARG BASE={a}:1.0\nFROM $BASE AS one\n# imagepin:ignore\nFROM $BASE AS two\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("imagepin:ignore", run.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Reference_composed_from_variables_is_not_rewritten()
    {
        var (a, _) = await PushAsync("composed");
        var content = $"ARG TAG=1.0\nFROM {a}:${{TAG}}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "pin", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var failure = Assert.Single(Json(run).GetProperty("failures").EnumerateArray());
        Assert.Contains("composed from variables", failure.GetProperty("error").GetString());
        Assert.Equal(2, failure.GetProperty("line").GetInt32());
        Assert.Equal(content, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Bom_crlf_missing_final_newline_continuations_and_file_mode_are_kept()
    {
        var (a, pa) = await PushAsync("bytes");
        var body = $"# syntax=docker/dockerfile:1\r\nFROM --platform=linux/amd64 \\\r\n    {a}:1.0 AS x\r\nRUN echo hi";
        using var tree = new TempTree().WriteBytes("Dockerfile", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(body)]);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(tree.PathOf("Dockerfile"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);

        // The syntax image lives on Docker Hub, out of reach here: pin only what the local registry has.
        var run = CliRun.Invoke(tree.Root, "pin", "--format", "json");

        var expected = body.Replace($"{a}:1.0 AS x", $"{a}:1.0@{pa.Digest} AS x");
        Assert.Equal([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(expected)], File.ReadAllBytes(tree.PathOf("Dockerfile")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(tree.PathOf("Dockerfile")));
        Assert.Contains(Json(run).GetProperty("changes").EnumerateArray(), c => c.GetProperty("line").GetInt32() == 3);
    }

    [Fact]
    public async Task Json_lists_changes_with_before_after_and_digest()
    {
        var (a, pa) = await PushAsync("json");
        using var tree = new TempTree().Write("Dockerfile", $"FROM {a}:1.0\n");

        var json = Json(CliRun.Invoke(tree.Root, "pin", "--format", "json"));

        Assert.Equal(0, json.GetProperty("errors").GetArrayLength());
        var change = Assert.Single(json.GetProperty("changes").EnumerateArray());
        Assert.Equal("Dockerfile", change.GetProperty("file").GetString());
        Assert.Equal(1, change.GetProperty("line").GetInt32());
        Assert.Equal($"{a}:1.0", change.GetProperty("before").GetString());
        Assert.Equal($"{a}:1.0@{pa.Digest}", change.GetProperty("after").GetString());
        Assert.Equal(pa.Digest, change.GetProperty("digest").GetString());
    }

    [Fact]
    public void Unparseable_file_is_listed_in_json_errors_and_exit_1()
    {
        using var tree = new TempTree().Write("Dockerfile", "# only a comment\n");
        var run = CliRun.Invoke(tree.Root, "pin", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(Json(run).GetProperty("errors").EnumerateArray());
        Assert.Equal("Dockerfile", error.GetProperty("file").GetString());
    }

    [Fact]
    public async Task Basic_auth_credentials_come_from_docker_config_and_wrong_ones_fail_with_exit_3()
    {
        var repository = TestRegistries.UniqueRepository("basic");
        var pushed = await Pushers.Basic().PushImageAsync(repository, "1", ImageFormat.Docker);
        var image = $"{TestRegistries.Basic}/{repository}:1";
        using var tree = new TempTree().Write("Dockerfile", $"FROM {image}\n");
        string Config(string password) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object>
            {
                [TestRegistries.Basic] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestRegistries.BasicUser}:{password}")) },
            },
        });
        tree.Write("wrong/config.json", Config("not-the-password")).Write("right/config.json", Config(TestRegistries.BasicPassword));

        var wrong = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["DOCKER_CONFIG"] = tree.PathOf("wrong") }, "pin", "Dockerfile");
        Assert.Equal(3, wrong.ExitCode);
        Assert.DoesNotContain("not-the-password", wrong.Error);
        Assert.Equal($"FROM {image}\n", tree.Read("Dockerfile"));

        var right = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["DOCKER_CONFIG"] = tree.PathOf("right") }, "pin", "Dockerfile");
        Assert.Equal(0, right.ExitCode);
        Assert.Equal($"FROM {image}@{pushed.Digest}\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Token_auth_registry_is_pinned_with_credentials_from_the_containers_auth_file()
    {
        var repository = TestRegistries.UniqueRepository("token");
        var pushed = await Pushers.Token().PushImageAsync(repository, "1", ImageFormat.Oci);
        var image = $"{TestRegistries.Token}/{repository}:1";
        var issuer = TokenIssuer.Shared;
        using var tree = new TempTree().Write("Dockerfile", $"FROM {image}\n").Write("auth.json", JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object>
            {
                [TestRegistries.Token] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{issuer.User}:{issuer.Password}")) },
            },
        }));

        var run = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["REGISTRY_AUTH_FILE"] = tree.PathOf("auth.json") }, "pin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"FROM {image}@{pushed.Digest}\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Tls_registry_is_trusted_through_the_ca_file_option()
    {
        var repository = TestRegistries.UniqueRepository("tls");
        var pushed = await Pushers.Tls().PushImageAsync(repository, "1", ImageFormat.Oci);
        var image = $"{TestRegistries.Tls}/{repository}:1";
        using var tree = new TempTree().Write("Dockerfile", $"FROM {image}\n");

        var run = CliRun.Invoke(tree.Root, "pin", "--ca-file", TestRegistries.TlsCa);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"FROM {image}@{pushed.Digest}\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Resolve_prints_image_at_digest_per_argument()
    {
        var (a, pa) = await PushAsync("resolve-a");
        var (b, pb) = await PushAsync("resolve-b", "7");
        using var tree = new TempTree();

        var run = CliRun.Invoke(tree.Root, "resolve", $"{a}:1.0", $"{b}:7");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{a}:1.0@{pa.Digest}\n{b}:7@{pb.Digest}\n", run.Out);
    }
}
