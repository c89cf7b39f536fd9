using System.Text.Json;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Update;

/// <summary>`imagepin update` and `imagepin verify` end to end against the real test registries.</summary>
public sealed class UpdateAndVerifyCommandTests
{
    private static RegistryPusher Pusher => Pushers.Open();

    private static DateTimeOffset DaysAgo(double days) => DateTimeOffset.UtcNow - TimeSpan.FromDays(days);

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.Out.Length > 0, "no JSON; stderr: " + run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private static JsonElement Reference(CliRun run, string textStart) =>
        Json(run).GetProperty("references").EnumerateArray().Single(r => r.GetProperty("text").GetString()!.StartsWith(textStart, StringComparison.Ordinal));

    /// <summary>A repository with tag "1" on an old image, and the image the tag moves to.</summary>
    private static async Task<(string Name, PushedManifest Old, PushedManifest New)> MovedTagAsync(double oldDays = 40, double newDays = 10)
    {
        var repository = TestRegistries.UniqueRepository("moved");
        var old = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(oldDays));
        var moved = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(newDays));
        return ($"{TestRegistries.Open}/{repository}", old, moved);
    }

    [Fact]
    public async Task Update_replaces_only_the_digest_of_a_moved_tag_and_reports_created_times()
    {
        var (name, old, moved) = await MovedTagAsync();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{old.Digest} AS app\nRUN true\n");

        var run = CliRun.Invoke(tree.Root, "update", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"FROM {name}:1@{moved.Digest} AS app\nRUN true\n", tree.Read("Dockerfile"));
        var change = Assert.Single(Json(run).GetProperty("changes").EnumerateArray());
        Assert.Equal(old.Digest, change.GetProperty("oldDigest").GetString());
        Assert.Equal(moved.Digest, change.GetProperty("newDigest").GetString());
        Assert.Equal(DaysAgo(40).UtcDateTime.ToString("yyyy-MM-dd"), change.GetProperty("oldCreated").GetString()![..10]);
        Assert.Equal(DaysAgo(10).UtcDateTime.ToString("yyyy-MM-dd"), change.GetProperty("newCreated").GetString()![..10]);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{name}:1"), moved.Digest);
        // Contract version 2: "image" is the reference as the file named it (as in check), createdSource as in verify.
        Assert.Equal(2, Json(run).GetProperty("version").GetInt32());
        Assert.Equal($"{name}:1@{old.Digest}", change.GetProperty("image").GetString());
        Assert.Equal("config", change.GetProperty("createdSource").GetString());
    }

    [Fact]
    public async Task Update_replaces_the_digest_in_the_arg_default_that_supplies_the_reference()
    {
        var (name, old, moved) = await MovedTagAsync();
        using var tree = new TempTree().Write("Dockerfile", $"ARG BASE=\"{name}:1@{old.Digest}\"\nFROM ${{BASE}}\nRUN true\n");

        var run = CliRun.Invoke(tree.Root, "update");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"ARG BASE=\"{name}:1@{moved.Digest}\"\nFROM ${{BASE}}\nRUN true\n", tree.Read("Dockerfile"));
        Assert.Equal(0, CliRun.Invoke(tree.Root, "verify").ExitCode);
    }

    [Fact]
    public async Task Update_of_a_current_pin_changes_nothing()
    {
        var repository = TestRegistries.UniqueRepository("current");
        var image = await Pusher.PushImageAsync(repository, "1", ImageFormat.Docker, created: DaysAgo(5));
        var content = $"FROM {TestRegistries.Open}/{repository}:1@{image.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "update");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Min_age_holds_a_too_young_update_and_adopts_an_old_enough_one()
    {
        var (name, old, moved) = await MovedTagAsync(oldDays: 40, newDays: 1);
        var content = $"FROM {name}:1@{old.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var held = CliRun.Invoke(tree.Root, "update", "--min-age", "3d");
        Assert.Equal(0, held.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Contains("held", held.Error);

        var adopted = CliRun.Invoke(tree.Root, "update", "--min-age", "12h");
        Assert.Equal(0, adopted.ExitCode);
        Assert.Equal($"FROM {name}:1@{moved.Digest}\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Platform_pin_moves_to_the_same_platforms_new_manifest()
    {
        var repository = TestRegistries.UniqueRepository("platpin");
        var first = await Pusher.PushImagesAsync(repository, DaysAgo(30), "linux/amd64", "linux/arm/v7", "linux/arm/v6");
        await Pusher.PushIndexOfAsync(repository, "1", first);
        var second = await Pusher.PushImagesAsync(repository, DaysAgo(2), "linux/amd64", "linux/arm/v7", "linux/arm/v6");
        await Pusher.PushIndexOfAsync(repository, "1", second);
        var name = $"{TestRegistries.Open}/{repository}";
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{first[1].Digest}\n");

        var run = CliRun.Invoke(tree.Root, "update");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"FROM {name}:1@{second[1].Digest}\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Only_other_platforms_moving_is_not_an_update_when_platforms_are_given()
    {
        var repository = TestRegistries.UniqueRepository("noise");
        var built = await Pusher.PushImagesAsync(repository, DaysAgo(30), "linux/amd64", "linux/arm64/v8");
        var index = await Pusher.PushIndexOfAsync(repository, "1", built);
        var extra = await Pusher.PushImagesAsync(repository, DaysAgo(1), "linux/s390x");
        var grown = await Pusher.PushIndexOfAsync(repository, "1", [.. built, .. extra]);
        var name = $"{TestRegistries.Open}/{repository}";
        var content = $"FROM {name}:1@{index.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var quiet = CliRun.Invoke(tree.Root, "update", "--platforms", "linux/amd64,linux/arm64");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Contains("linux/s390x", quiet.Error);

        var all = CliRun.Invoke(tree.Root, "update");
        Assert.Equal($"FROM {name}:1@{grown.Digest}\n", tree.Read("Dockerfile"));
        Assert.Equal(0, all.ExitCode);
    }

    [Fact]
    public async Task Dry_run_prints_a_diff_and_summary_markdown_lists_the_change()
    {
        var (name, old, moved) = await MovedTagAsync();
        var content = $"FROM {name}:1@{old.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "update", "--dry-run", "--summary-md", "summary.md");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Contains($"+FROM {name}:1@{moved.Digest}", run.Out);
        var md = tree.Read("summary.md");
        Assert.Contains("| File | Image |", md);
        Assert.Contains(moved.Digest[..19], md);
    }

    [Fact]
    public async Task Verify_reports_current_behind_platform_pin_and_missing()
    {
        var (name, old, _) = await MovedTagAsync(oldDays: 40, newDays: 10);
        var currentRepo = TestRegistries.UniqueRepository("vcur");
        var current = await Pusher.PushImageAsync(currentRepo, "2", ImageFormat.Oci, created: DaysAgo(3));
        var multiRepo = TestRegistries.UniqueRepository("vplat");
        var multi = await Pusher.PushIndexAsync(multiRepo, "3", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        var goneRepo = TestRegistries.UniqueRepository("vgone");
        var gone = await Pusher.PushImageAsync(goneRepo, "4", ImageFormat.Oci);
        await Pusher.PushImageAsync(goneRepo, "4", ImageFormat.Oci);
        await Pusher.DeleteManifestAsync(goneRepo, gone.Digest);
        var r = TestRegistries.Open;
        using var tree = new TempTree().Write("Dockerfile",
            $"FROM {name}:1@{old.Digest}\n" +
            $"FROM {r}/{currentRepo}:2@{current.Digest}\n" +
            $"FROM {r}/{multiRepo}:3@{multi.Child("linux/arm64/v8").Digest}\n" +
            $"FROM {r}/{goneRepo}:4@{gone.Digest}\n");

        var run = CliRun.Invoke(tree.Root, "verify", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var behind = Reference(run, name);
        Assert.Equal("behind", behind.GetProperty("status").GetString());
        Assert.Equal("note", behind.GetProperty("severity").GetString());
        Assert.InRange(behind.GetProperty("pinnedAgeSeconds").GetInt64(), 39 * 86400, 41 * 86400);
        Assert.InRange(behind.GetProperty("currentNewerBySeconds").GetInt64(), 29 * 86400, 31 * 86400);
        Assert.Equal("current", Reference(run, $"{r}/{currentRepo}").GetProperty("status").GetString());
        var platform = Reference(run, $"{r}/{multiRepo}");
        Assert.Equal("platform-pin", platform.GetProperty("status").GetString());
        Assert.Equal("warning", platform.GetProperty("severity").GetString());
        var missing = Reference(run, $"{r}/{goneRepo}");
        Assert.Equal("missing", missing.GetProperty("status").GetString());
        Assert.Contains("digest no longer in registry", missing.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Verify_max_age_turns_an_old_behind_pin_into_an_error()
    {
        var (name, old, _) = await MovedTagAsync(oldDays: 40, newDays: 10);
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{old.Digest}\n");

        var lenient = CliRun.Invoke(tree.Root, "verify", "--max-age", "60d");
        var strict = CliRun.Invoke(tree.Root, "verify", "--max-age", "30d", "--format", "json");

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal("error", Reference(strict, name).GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Update_with_pin_also_pins_tag_only_references()
    {
        var (name, old, moved) = await MovedTagAsync();
        var repository = TestRegistries.UniqueRepository("tagonly");
        var fresh = await Pusher.PushImageAsync(repository, "5", ImageFormat.Oci, created: DaysAgo(2));
        var tagOnly = $"{TestRegistries.Open}/{repository}:5";
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:1@{old.Digest}\nFROM {tagOnly}\n");

        var without = CliRun.Invoke(tree.Root, "update");
        Assert.Equal($"FROM {name}:1@{moved.Digest}\nFROM {tagOnly}\n", tree.Read("Dockerfile"));
        Assert.Contains("(config created)", without.Out);

        var with = CliRun.Invoke(tree.Root, "update", "--pin", "--format", "json", "--summary-md", "pr.md");
        Assert.Equal(0, with.ExitCode);
        Assert.Equal($"FROM {name}:1@{moved.Digest}\nFROM {tagOnly}@{fresh.Digest}\n", tree.Read("Dockerfile"));
        var pinned = Assert.Single(Json(with).GetProperty("pinned").GetProperty("changes").EnumerateArray());
        Assert.Equal(fresh.Digest, pinned.GetProperty("digest").GetString());
        Assert.Contains("Newly pinned", tree.Read("pr.md"));
    }

    [Fact]
    public async Task Platform_pin_whose_platform_left_the_index_is_reported_and_left_alone()
    {
        var repository = TestRegistries.UniqueRepository("gone");
        var first = await Pusher.PushImagesAsync(repository, DaysAgo(30), "linux/amd64", "linux/ppc64le");
        await Pusher.PushIndexOfAsync(repository, "1", first);
        var second = await Pusher.PushImagesAsync(repository, DaysAgo(2), "linux/amd64");
        await Pusher.PushIndexOfAsync(repository, "1", second);
        var content = $"FROM {TestRegistries.Open}/{repository}:1@{first[1].Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var run = CliRun.Invoke(tree.Root, "update");
        var verify = CliRun.Invoke(tree.Root, "verify", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("linux/ppc64le", run.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
        // verify must not send people to `update`, which cannot help here.
        var reference = Reference(verify, TestRegistries.Open);
        Assert.Equal(("behind", "warning"), (reference.GetProperty("status").GetString(), reference.GetProperty("severity").GetString()));
        Assert.Contains("cannot follow a platform the tag dropped", reference.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_platform_pin_of_the_only_platform_the_project_builds_is_deliberate()
    {
        var repository = TestRegistries.UniqueRepository("onlyarm");
        var multi = await Pusher.PushIndexAsync(repository, "3", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        using var tree = new TempTree().Write("Dockerfile", $"FROM {TestRegistries.Open}/{repository}:3@{multi.Child("linux/arm64/v8").Digest}\n");

        var declared = CliRun.Invoke(tree.Root, "verify", "--platforms", "linux/arm64", "--format", "json");
        var undeclared = CliRun.Invoke(tree.Root, "verify", "--format", "json");
        var two = CliRun.Invoke(tree.Root, "verify", "--platforms", "linux/arm64,linux/amd64", "--format", "json");

        Assert.Equal(("platform-pin", "none"), (Reference(declared, TestRegistries.Open).GetProperty("status").GetString(), Reference(declared, TestRegistries.Open).GetProperty("severity").GetString()));
        Assert.Equal("warning", Reference(undeclared, TestRegistries.Open).GetProperty("severity").GetString());
        Assert.Equal("warning", Reference(two, TestRegistries.Open).GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Config_file_supplies_platforms_and_max_age_and_options_override_it()
    {
        var repository = TestRegistries.UniqueRepository("config");
        var built = await Pusher.PushImagesAsync(repository, DaysAgo(40), "linux/amd64");
        var index = await Pusher.PushIndexOfAsync(repository, "1", built);
        var extra = await Pusher.PushImagesAsync(repository, DaysAgo(1), "linux/riscv64");
        await Pusher.PushIndexOfAsync(repository, "1", [.. built, .. extra]);
        var content = $"FROM {TestRegistries.Open}/{repository}:1@{index.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content)
            .Write(".imagepin.yaml", "platforms: [linux/amd64]\nverify:\n  max-age: 30d\n");

        var verify = CliRun.Invoke(tree.Root, "verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("older than --max-age 30d", verify.Out);
        Assert.Equal(0, CliRun.Invoke(tree.Root, "verify", "--max-age", "60d").ExitCode);

        var update = CliRun.Invoke(tree.Root, "update");
        Assert.Equal(0, update.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Contains("linux/riscv64", update.Error);
    }

    [Fact]
    public void Verify_with_an_unreachable_registry_exits_3()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM 127.0.0.1:1/x/y:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        var run = CliRun.Invoke(tree.Root, "verify");
        Assert.Equal(3, run.ExitCode);
    }

    [Fact]
    public void Bad_durations_are_usage_errors()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM a:1\n");
        Assert.Equal(2, CliRun.Invoke(tree.Root, "update", "--min-age", "soon").ExitCode);
        Assert.Equal(2, CliRun.Invoke(tree.Root, "verify", "--max-age", "-3d").ExitCode);
        Assert.Equal(2, CliRun.Invoke(tree.Root, "update", "--platforms", "linux").ExitCode);
    }

    [Fact]
    public async Task A_pin_whose_tag_is_gone_is_a_verify_warning_and_an_update_failure_of_the_pin_not_of_the_registry()
    {
        var repository = TestRegistries.UniqueRepository("taggone");
        var image = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci);
        var name = $"{TestRegistries.Open}/{repository}";
        // The digest exists; the tag written before it never did (as after a tag is deleted).
        var content = $"FROM {name}:gone@{image.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var verify = CliRun.Invoke(tree.Root, "verify", "--format", "json");
        var update = CliRun.Invoke(tree.Root, "update", "--format", "json");
        var pin = CliRun.Invoke(new TempTree().Write("Dockerfile", $"FROM {name}:gone\n").Root, "pin");

        Assert.Equal(0, verify.ExitCode);
        var reference = Reference(verify, name);
        Assert.Equal(("tag-missing", "warning", "IP010"), (reference.GetProperty("status").GetString(), reference.GetProperty("severity").GetString(), reference.GetProperty("rule").GetString()));
        // A missing tag is the pin's problem in every command: exit 1, as pin gives (3 is for registry failures).
        Assert.Equal(1, update.ExitCode);
        Assert.Equal("not-found", Assert.Single(Json(update).GetProperty("notices").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(1, pin.ExitCode);
        Assert.Equal(content, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task A_tag_moved_to_an_older_image_is_held_as_a_possible_rollback_and_verify_says_so()
    {
        var repository = TestRegistries.UniqueRepository("rollback");
        var pinned = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(10));
        await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(60));
        var content = $"FROM {TestRegistries.Open}/{repository}:1@{pinned.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var update = CliRun.Invoke(tree.Root, "update");
        var verify = CliRun.Invoke(tree.Root, "verify", "--format", "json");

        Assert.Equal(0, update.ExitCode);
        Assert.Contains("a rollback or a backdated image; not adopted", update.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
        var message = Reference(verify, TestRegistries.Open).GetProperty("message").GetString();
        Assert.Contains("before the pinned image: a rollback or a backdated image", message);
        Assert.DoesNotContain("newer)", message);
    }

    [Fact]
    public async Task Placeholder_created_times_are_no_age_for_the_cool_down_or_max_age()
    {
        var repository = TestRegistries.UniqueRepository("epoch");
        var pinned = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DateTimeOffset.UnixEpoch);
        await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DateTimeOffset.UnixEpoch);
        var content = $"FROM {TestRegistries.Open}/{repository}:1@{pinned.Digest}\n";
        using var tree = new TempTree().Write("Dockerfile", content);

        var update = CliRun.Invoke(tree.Root, "update", "--min-age", "7d");
        var verify = CliRun.Invoke(tree.Root, "verify", "--max-age", "30d", "--format", "json");

        Assert.Contains("has no usable created time", update.Error);
        Assert.Equal(content, tree.Read("Dockerfile"));
        Assert.Equal(0, verify.ExitCode);
        var reference = Reference(verify, TestRegistries.Open);
        Assert.Equal(("behind", "note"), (reference.GetProperty("status").GetString(), reference.GetProperty("severity").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reference.GetProperty("pinnedAgeSeconds").ValueKind);
    }
}
