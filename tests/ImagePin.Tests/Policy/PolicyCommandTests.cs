using System.Text.Json;
using ImagePin.Cli;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Policy;

/// <summary>
/// The policy in .imagepin.yaml as pin, update and verify obey it, against the real test registries, in Dockerfiles
/// and YAML files: rules (require), registries.allow, ignore.images, mirrors, insecure, update.min-age,
/// update.platforms and severity; options on the command line win.
/// </summary>
public sealed class PolicyCommandTests
{
    private static string Open => TestRegistries.Open;

    private static RegistryPusher Pusher => Pushers.Open();

    /// <summary>A registry no test starts: '.invalid' never resolves, so a request to it would be exit 3.</summary>
    private const string Forbidden = "quay.invalid/evil/app";

    private const string UnknownDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static DateTimeOffset DaysAgo(double days) => DateTimeOffset.UtcNow - TimeSpan.FromDays(days);

    private static async Task<(string Name, PushedManifest Pushed)> PushAsync(string prefix, string tag = "1", double days = 5)
    {
        var repository = TestRegistries.UniqueRepository(prefix);
        return ($"{Open}/{repository}", await Pusher.PushImageAsync(repository, tag, ImageFormat.Oci, created: DaysAgo(days)));
    }

    private static async Task<(string Name, PushedManifest Old, PushedManifest New)> MovedAsync(string prefix, double newDays = 10)
    {
        var repository = TestRegistries.UniqueRepository(prefix);
        var old = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(40));
        var moved = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(newDays));
        return ($"{Open}/{repository}", old, moved);
    }

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.Out.Length > 0, "no JSON; stderr: " + run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private static JsonElement Reference(CliRun run, string file, string textStart) =>
        Json(run).GetProperty("references").EnumerateArray().Single(r =>
            r.GetProperty("file").GetString() == file && r.GetProperty("text").GetString()!.StartsWith(textStart, StringComparison.Ordinal));

    private static (string? Status, string? Severity, string? Rule) Judged(JsonElement r) =>
        (r.GetProperty("status").GetString(), r.GetProperty("severity").GetString(),
            r.GetProperty("rule").ValueKind == JsonValueKind.Null ? null : r.GetProperty("rule").GetString());

    [Fact]
    public async Task Pin_obeys_rules_ignore_images_and_registries_allow_in_dockerfiles_and_yaml()
    {
        var (app, pApp) = await PushAsync("pol-app");
        var (dev, _) = await PushAsync("pol-dev");
        var (latest, pLatest) = await PushAsync("pol-latest", "latest");
        var (ignored, _) = await PushAsync("pol-ignored");
        using var tree = new TempTree()
            .Write("prod/Dockerfile", $"FROM {app}:1\nFROM {ignored}:1\nFROM {Forbidden}:1\n")
            .Write("prod/compose.yaml", $"services:\n  a:\n    image: {app}:1\n  b:\n    image: {Forbidden}:2\n")
            .Write("ci/Dockerfile", $"FROM {dev}:1\nFROM {latest}:latest\n")
            .Write("ci/.gitlab-ci.yml", $"job:\n  image: {dev}:1\n  services: [\"{latest}\"]\n  script: [true]\n")
            .Write(".imagepin.yaml", $"""
                rules:
                  - paths: ["ci/**"]
                    require: tag
                registries:
                  allow: ["{Open}/**"]
                ignore:
                  images: ["*/imagepin-test/pol-ignored-*"]
                """);

        var run = CliRun.Invoke(tree.Root, "pin", "--format", "json");

        // Nothing was asked of the forbidden registry (that would be exit 3): the two references are reported, exit 1.
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Equal($"FROM {app}:1@{pApp.Digest}\nFROM {ignored}:1\nFROM {Forbidden}:1\n", tree.Read("prod/Dockerfile"));
        Assert.Equal($"services:\n  a:\n    image: {app}:1@{pApp.Digest}\n  b:\n    image: {Forbidden}:2\n", tree.Read("prod/compose.yaml"));
        // require: tag leaves tags alone; latest and untagged stay findings there, so pin pins them.
        Assert.Equal($"FROM {dev}:1\nFROM {latest}:latest@{pLatest.Digest}\n", tree.Read("ci/Dockerfile"));
        Assert.Equal($"job:\n  image: {dev}:1\n  services: [\"{latest}:latest@{pLatest.Digest}\"]\n  script: [true]\n", tree.Read("ci/.gitlab-ci.yml"));
        var failures = Json(run).GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal("not-pinnable", f.GetProperty("kind").GetString()));
        Assert.All(failures, f => Assert.Contains("not in registries.allow", f.GetProperty("error").GetString()));
        Assert.Equal(["prod/Dockerfile", "prod/compose.yaml"], failures.Select(f => f.GetProperty("file").GetString()).Order());
    }

    [Fact]
    public async Task Require_any_and_the_default_rule_for_unmatched_paths_in_pin()
    {
        var (image, pushed) = await PushAsync("pol-any", "latest");
        using var tree = new TempTree()
            .Write("scratchpad/Dockerfile", $"FROM {image}\n")
            .Write("k8s/pod.yaml", $"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {image}\n")
            .Write(".imagepin.yaml", "rules:\n  - paths: [scratchpad/**]\n    require: any\n");

        var run = CliRun.Invoke(tree.Root, "pin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"FROM {image}\n", tree.Read("scratchpad/Dockerfile"));
        Assert.Equal($"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {image}:latest@{pushed.Digest}\n", tree.Read("k8s/pod.yaml"));
    }

    [Fact]
    public async Task Mirrors_in_the_settings_resolve_through_the_mirror_and_keep_the_written_name_in_pin_update_and_verify()
    {
        var repository = TestRegistries.UniqueRepository("pol-mirror");
        var old = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(40));
        var name = $"registry.example.invalid/{repository}";
        using var tree = new TempTree()
            .Write("Dockerfile", $"FROM {name}:1\n")
            .Write("compose.yaml", $"services:\n  a:\n    image: {name}:1\n")
            .Write(".imagepin.yaml", $"registries:\n  mirrors: {{ registry.example.invalid: \"{Open}\" }}\n");

        Assert.Equal(0, CliRun.Invoke(tree.Root, "pin").ExitCode);
        Assert.Equal($"FROM {name}:1@{old.Digest}\n", tree.Read("Dockerfile"));
        Assert.Equal($"services:\n  a:\n    image: {name}:1@{old.Digest}\n", tree.Read("compose.yaml"));
        Assert.Equal(0, CliRun.Invoke(tree.Root, "verify").ExitCode);

        var moved = await Pusher.PushImageAsync(repository, "1", ImageFormat.Oci, created: DaysAgo(10));
        var behind = CliRun.Invoke(tree.Root, "verify", "--format", "json");
        Assert.Equal("behind", Reference(behind, "Dockerfile", name).GetProperty("status").GetString());
        Assert.Equal(0, CliRun.Invoke(tree.Root, "update").ExitCode);
        Assert.Equal($"FROM {name}:1@{moved.Digest}\n", tree.Read("Dockerfile"));
        Assert.Equal($"services:\n  a:\n    image: {name}:1@{moved.Digest}\n", tree.Read("compose.yaml"));
    }

    [Fact]
    public async Task Insecure_registries_in_the_settings_reach_a_tls_registry_without_its_ca_and_the_option_adds_to_them()
    {
        var repository = TestRegistries.UniqueRepository("pol-tls");
        var pushed = await Pushers.Tls().PushImageAsync(repository, "1", ImageFormat.Oci);
        var content = $"FROM {TestRegistries.Tls}/{repository}:1\n";
        using var without = new TempTree().Write("Dockerfile", content);
        using var listed = new TempTree().Write("Dockerfile", content).Write(".imagepin.yaml", $"registries:\n  insecure: [\"{TestRegistries.Tls}\"]\n");
        using var option = new TempTree().Write("Dockerfile", content).Write(".imagepin.yaml", "registries:\n  insecure: [other.example:5000]\n");

        Assert.Equal(ExitCodes.Registry, CliRun.Invoke(without.Root, "pin").ExitCode);
        Assert.Equal(0, CliRun.Invoke(listed.Root, "pin").ExitCode);
        Assert.Equal(0, CliRun.Invoke(option.Root, "pin", "--insecure-registry", TestRegistries.Tls).ExitCode);
        Assert.Equal($"FROM {TestRegistries.Tls}/{repository}:1@{pushed.Digest}\n", listed.Read("Dockerfile"));
        Assert.Equal(0, CliRun.Invoke(listed.Root, "verify").ExitCode);
        Assert.Equal(0, CliRun.Invoke(listed.Root, "update").ExitCode);
        Assert.Equal(content, without.Read("Dockerfile"));
    }

    [Fact]
    public async Task Update_obeys_rules_ignore_images_registries_allow_and_the_settings_min_age()
    {
        var (moved, old, fresh) = await MovedAsync("pol-upd");
        var (young, youngOld, _) = await MovedAsync("pol-young", newDays: 1);
        var (ignored, ignoredOld, _) = await MovedAsync("pol-updign");
        var (tagged, _) = await PushAsync("pol-tagged");
        var forbiddenPin = $"{Forbidden}:1@{UnknownDigest}";
        using var tree = new TempTree()
            .Write("Dockerfile", $"FROM {moved}:1@{old.Digest}\nFROM {young}:1@{youngOld.Digest}\nFROM {ignored}:1@{ignoredOld.Digest}\nFROM {forbiddenPin}\n")
            .Write("ci/compose.yaml", $"services:\n  a:\n    image: {tagged}:1\n  b:\n    image: {moved}:1@{old.Digest}\n")
            .Write(".imagepin.yaml", $"""
                rules:
                  - paths: ["ci/**"]
                    require: tag
                registries:
                  allow: ["{Open}/imagepin-test/*"]
                ignore:
                  images: ["**/pol-updign-*"]
                update:
                  min-age: 3d
                """);

        var run = CliRun.Invoke(tree.Root, "update", "--pin", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"FROM {moved}:1@{fresh.Digest}\nFROM {young}:1@{youngOld.Digest}\nFROM {ignored}:1@{ignoredOld.Digest}\nFROM {forbiddenPin}\n", tree.Read("Dockerfile"));
        // --pin leaves the tag that require: tag allows; the pin in the same file is updated.
        Assert.Equal($"services:\n  a:\n    image: {tagged}:1\n  b:\n    image: {moved}:1@{fresh.Digest}\n", tree.Read("ci/compose.yaml"));
        var notices = Json(run).GetProperty("notices").EnumerateArray().ToList();
        Assert.Contains(notices, n => n.GetProperty("message").GetString()!.Contains("not followed") && n.GetProperty("message").GetString()!.Contains("registries.allow"));
        Assert.Contains(notices, n => n.GetProperty("image").GetString()!.StartsWith(young, StringComparison.Ordinal) && n.GetProperty("kind").GetString() == "held");
        // The option overrides the file's cool-down.
        Assert.Equal(0, CliRun.Invoke(tree.Root, "update", "--min-age", "12h").ExitCode);
        Assert.DoesNotContain(youngOld.Digest, tree.Read("Dockerfile"));
        Assert.Contains(ignoredOld.Digest, tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Update_platforms_in_the_settings_quiet_updates_of_platforms_not_built_and_the_option_overrides_them()
    {
        var repository = TestRegistries.UniqueRepository("pol-plat");
        var built = await Pusher.PushImagesAsync(repository, DaysAgo(30), "linux/amd64");
        var index = await Pusher.PushIndexOfAsync(repository, "1", built);
        var extra = await Pusher.PushImagesAsync(repository, DaysAgo(5), "linux/s390x");
        var grown = await Pusher.PushIndexOfAsync(repository, "1", [.. built, .. extra]);
        var content = $"services:\n  a:\n    image: {Open}/{repository}:1@{index.Digest}\n";
        using var tree = new TempTree().Write("compose.yaml", content).Write(".imagepin.yaml", "update:\n  platforms: [linux/amd64]\n");

        var quiet = CliRun.Invoke(tree.Root, "update");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal(content, tree.Read("compose.yaml"));
        Assert.Contains("linux/s390x", quiet.Error);

        Assert.Equal(0, CliRun.Invoke(tree.Root, "update", "--platforms", "linux/amd64,linux/s390x").ExitCode);
        Assert.Equal($"services:\n  a:\n    image: {Open}/{repository}:1@{grown.Digest}\n", tree.Read("compose.yaml"));
    }

    [Fact]
    public async Task Verify_obeys_rules_ignore_images_registries_allow_and_severity()
    {
        var (moved, old, _) = await MovedAsync("pol-ver");
        var (tagged, _) = await PushAsync("pol-vtag");
        using var tree = new TempTree()
            .Write("Dockerfile", $"FROM {moved}:1@{old.Digest}\nFROM {Open}/imagepin-test/gone-ignored:1@{UnknownDigest}\nFROM {Forbidden}:1@{UnknownDigest}\n")
            .Write("ci/deploy.yaml", $"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {tagged}:1\n    - image: {tagged}\n")
            .Write(".imagepin.yaml", $"""
                rules:
                  - paths: ["ci/**"]
                    require: tag
                registries:
                  allow: ["{Open}/**"]
                ignore:
                  images: ["*/imagepin-test/gone-ignored"]
                severity:
                  pin-behind: warning
                """);

        var run = CliRun.Invoke(tree.Root, "verify", "--format", "json");

        // Nothing asked of the forbidden registry (no exit 3); the ignored missing digest is not looked up either.
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Equal(("behind", "warning", "IP008"), Judged(Reference(run, "Dockerfile", moved)));
        Assert.Equal(("ignored", "none", null), Judged(Reference(run, "Dockerfile", $"{Open}/imagepin-test/gone-ignored")));
        Assert.Equal(("pinned", "error", "IP012"), Judged(Reference(run, "Dockerfile", Forbidden)));
        var yaml = Json(run).GetProperty("references").EnumerateArray().Where(r => r.GetProperty("file").GetString() == "ci/deploy.yaml").ToList();
        Assert.Equal([("tag", "none", null), ("untagged", "error", "IP003")], yaml.Select(Judged));
    }

    [Fact]
    public async Task Verify_takes_the_projects_platforms_from_update_platforms_and_severity_overrides_apply_to_its_rules()
    {
        var repository = TestRegistries.UniqueRepository("pol-only");
        var multi = await Pusher.PushIndexAsync(repository, "3", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        using var tree = new TempTree().Write("Dockerfile", $"FROM {Open}/{repository}:3@{multi.Child("linux/arm64/v8").Digest}\n")
            .Write(".imagepin.yaml", "update:\n  platforms: [linux/arm64]\n");
        using var severe = new TempTree().Write("Dockerfile", $"FROM {Open}/{repository}:3@{multi.Child("linux/arm64/v8").Digest}\n")
            .Write(".imagepin.yaml", "severity:\n  platform-pin: error\n");

        var declared = CliRun.Invoke(tree.Root, "verify", "--format", "json");
        var overridden = CliRun.Invoke(tree.Root, "verify", "--format", "json", "--platforms", "linux/arm64,linux/amd64");
        var error = CliRun.Invoke(severe.Root, "verify", "--format", "json");

        Assert.Equal(("platform-pin", "none", "IP009"), Judged(Reference(declared, "Dockerfile", Open)));
        Assert.Equal(("platform-pin", "warning", "IP009"), Judged(Reference(overridden, "Dockerfile", Open)));
        Assert.Equal(("platform-pin", "error", "IP009"), Judged(Reference(error, "Dockerfile", Open)));
        Assert.Equal(ExitCodes.Findings, error.ExitCode);
    }
}
