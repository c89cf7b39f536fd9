using System.Text.Json;
using ImagePin.Cli;
using ImagePin.Configuration;
using ImagePin.Tests.Check;
using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Policy;

/// <summary>The policy in .imagepin.yaml (rules, registries.allow, ignore.images, severity) as check applies it, in every file kind.</summary>
public sealed class PolicySettingsCheckTests
{
    private const string Digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    /// <summary>The same two images (a tag and latest) written in each file kind.</summary>
    private static TempTree EveryKind(string folder, TempTree? into = null)
    {
        var tree = into ?? new TempTree();
        return tree
            .Write($"{folder}/Dockerfile", "FROM alpine:3.20\nFROM node:latest\n")
            .Write($"{folder}/compose.yaml", "services:\n  web:\n    image: alpine:3.20\n  db:\n    image: node:latest\n")
            .Write($"{folder}/deploy.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: alpine:3.20\n    - image: node:latest\n")
            .Write($"{folder}/.gitlab-ci.yml", "job:\n  image: alpine:3.20\n  services: [node:latest]\n  script: [true]\n");
    }

    private static Dictionary<(string File, string Text), JsonElement> ByFileAndText(CheckJson json) =>
        json.References.ToDictionary(r => (Str(r, "file")!, Str(r, "text")!));

    [Fact]
    public void Require_tag_makes_tags_no_finding_under_its_paths_in_every_file_kind_and_latest_stays_an_error()
    {
        using var tree = EveryKind("dev");
        EveryKind("prod", tree).Write(".github/workflows/ci.yml", "jobs:\n  a:\n    runs-on: x\n    container: alpine:3.20\n    steps: [{uses: 'docker://node:latest'}]\n")
            .Write(".imagepin.yaml", "rules:\n  - paths: [\"dev/**\", \".github/**\"]\n    require: tag\n  - paths: [\"**\"]\n    require: digest\n");

        var json = CheckJson.Run(tree);

        var refs = ByFileAndText(json);
        foreach (var file in new[] { "dev/Dockerfile", "dev/compose.yaml", "dev/deploy.yaml", "dev/.gitlab-ci.yml", ".github/workflows/ci.yml" })
        {
            var tag = refs[(file, "alpine:3.20")];
            Assert.Equal(("tag", "none", null), (Str(tag, "status"), Str(tag, "severity"), Str(tag, "rule")));
            Assert.Contains(".imagepin.yaml:2:5 requires a tag", Str(tag, "message"));
            Assert.Equal(("error", "IP002"), (Str(refs[(file, "node:latest")], "severity"), Str(refs[(file, "node:latest")], "rule")));
        }
        foreach (var file in new[] { "prod/Dockerfile", "prod/compose.yaml", "prod/deploy.yaml", "prod/.gitlab-ci.yml" })
            Assert.Equal(("error", "IP001"), (Str(refs[(file, "alpine:3.20")], "severity"), Str(refs[(file, "alpine:3.20")], "rule")));
        Assert.Equal(ExitCodes.Findings, json.ExitCode);
    }

    [Fact]
    public void First_matching_rule_wins_and_require_any_accepts_latest_and_untagged_but_not_invalid_references()
    {
        using var tree = new TempTree()
            .Write("ci/Dockerfile", "FROM node\nFROM node:latest\nFROM alpine:3.20\nFROM Alpine:3\n")
            .Write("ci/strict/Dockerfile", "FROM alpine:3.20\n")
            .Write("Dockerfile.dev", "FROM alpine:3.20\n")
            .Write(".imagepin.yaml", "rules:\n  - paths: [ci/strict/**]\n    require: digest\n  - paths: [ci/**]\n    require: any\n  - paths: [Dockerfile.dev]\n    require: tag\n");

        var json = CheckJson.Run(tree);

        var refs = ByFileAndText(json);
        Assert.All(new[] { "node", "node:latest", "alpine:3.20" }, text => Assert.Equal("none", Str(refs[("ci/Dockerfile", text)], "severity")));
        Assert.Equal("IP006", Str(refs[("ci/Dockerfile", "Alpine:3")], "rule"));
        Assert.Equal("IP001", Str(refs[("ci/strict/Dockerfile", "alpine:3.20")], "rule"));
        // A pattern without '/' matches the name at any depth.
        Assert.Equal("none", Str(refs[("Dockerfile.dev", "alpine:3.20")], "severity"));
    }

    [Fact]
    public void Paths_are_relative_to_the_settings_file_whatever_folder_check_runs_in()
    {
        using var tree = new TempTree().Write("repo/ci/Dockerfile", "FROM alpine:3.20\n").Write("repo/.imagepin.yaml", "rules:\n  - paths: [ci/**]\n    require: tag\n");
        Directory.CreateDirectory(tree.PathOf("repo/.git"));

        var fromInside = CliRun.Invoke(tree.PathOf("repo/ci"), "check");
        var fromOutside = CliRun.Invoke(tree.Root, "check", "repo");

        Assert.Equal((0, ""), (fromInside.ExitCode, fromInside.Out));
        Assert.Equal((0, ""), (fromOutside.ExitCode, fromOutside.Out));
    }

    [Fact]
    public void An_image_outside_registries_allow_is_an_IP012_error_in_every_file_kind_json_and_sarif()
    {
        using var tree = new TempTree()
            .Write("Dockerfile", $"FROM alpine:3.20@{Digest}\nFROM quay.io/evil/app:1@{Digest}\nFROM ghcr.io/my-org/team/app:2@{Digest}\n")
            .Write("compose.yaml", $"services:\n  a:\n    image: quay.io/evil/app:1@{Digest}\n  b:\n    build: .\n    image: quay.io/evil/own:1\n")
            .Write("k.yaml", $"apiVersion: v1\nkind: Pod\nspec:\n  containers: [{{image: 'quay.io/evil/app:1@{Digest}'}}]\n")
            .Write(".gitlab-ci.yml", $"job:\n  image: quay.io/evil/app:1@{Digest}\n  script: [true]\n")
            .Write(".imagepin.yaml", "registries:\n  allow: [\"docker.io/library/*\", \"ghcr.io/my-org/**\"]\n");

        var json = CheckJson.Run(tree);
        var sarif = CliRun.Invoke(tree.Root, "check", "--format", "sarif");

        var notAllowed = json.References.Where(r => Str(r, "rule") == "IP012").ToList();
        Assert.Equal(["Dockerfile", "compose.yaml", "k.yaml", ".gitlab-ci.yml"], notAllowed.Select(r => Str(r, "file")).OrderBy(f => f != "Dockerfile").ThenBy(f => f != "compose.yaml").ThenBy(f => f != "k.yaml"));
        Assert.All(notAllowed, r => Assert.Equal(("pinned", "error"), (Str(r, "status"), Str(r, "severity"))));
        Assert.Contains("quay.io/evil/app is not in registries.allow", Str(notAllowed[0], "message"));
        // An image the project builds (Compose build:) is not pulled, so its name is not checked.
        Assert.Equal("built", Str(json.Single("quay.io/evil/own:1"), "status"));
        Assert.Equal(ExitCodes.Findings, json.ExitCode);
        SarifSchema.AssertValid(sarif.Out);
        var run = JsonDocument.Parse(sarif.Out).RootElement.GetProperty("runs")[0];
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(),
            r => r.GetProperty("id").GetString() == "IP012" && r.GetProperty("name").GetString() == "registry-not-allowed");
        Assert.Equal(4, run.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("ruleId").GetString() == "IP012" && r.GetProperty("level").GetString() == "error"));
    }

    [Fact]
    public void Ignore_images_suppresses_matching_images_in_every_file_kind_like_the_comment()
    {
        using var tree = new TempTree()
            .Write("Dockerfile", "FROM localhost/app:1\nFROM my-org/base-python:3\nFROM my-org/other:1\n")
            .Write("compose.yaml", "services:\n  a:\n    image: localhost/app:1\n")
            .Write("k.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: 'my-org/base-node:20'}]\n")
            .Write(".github/workflows/ci.yml", "jobs:\n  a:\n    runs-on: x\n    container: localhost/app:1\n")
            .Write(".gitlab-ci.yml", "job:\n  image: my-org/base-go\n  script: [true]\n")
            .Write(".imagepin.yaml", "ignore:\n  images: [\"localhost/*\", \"my-org/base-*\"]\n");

        var json = CheckJson.Run(tree);

        var ignored = json.References.Where(r => Str(r, "status") == "ignored").ToList();
        Assert.Equal(6, ignored.Count);
        Assert.All(ignored, r => Assert.Equal("none", Str(r, "severity")));
        Assert.Contains("suppressed by ignore.images 'localhost/*' (.imagepin.yaml:2:12)", Str(ByFileAndText(json)[("Dockerfile", "localhost/app:1")], "message"));
        Assert.Equal("IP001", Str(json.Single("my-org/other:1"), "rule"));
        Assert.Equal("error", Str(json.Single("my-org/other:1"), "severity"));
    }

    [Fact]
    public void Severity_overrides_replace_a_rules_default_and_the_ignore_option_still_wins()
    {
        using var tree = new TempTree().Write("Dockerfile", $"FROM alpine@{Digest}\nFROM node:20\n")
            .Write(".imagepin.yaml", "severity:\n  digest-only: warning\n  IP001: note\n");

        var json = CheckJson.Run(tree);
        var ignored = CheckJson.Run(tree, "--ignore", "IP004");

        Assert.Equal(("warning", "IP004"), (Str(json.Single($"alpine@{Digest}"), "severity"), Str(json.Single($"alpine@{Digest}"), "rule")));
        Assert.Equal("note", Str(json.Single("node:20"), "severity"));
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(ExitCodes.Findings, CliRun.Invoke(tree.Root, "check", "--fail-level", "warning").ExitCode);
        Assert.Equal("none", Str(ignored.Single($"alpine@{Digest}"), "severity"));
        Assert.Equal(0, CliRun.Invoke(tree.Root, "check", "--fail-level", "warning", "--ignore", "IP004").ExitCode);
    }

    [Fact]
    public void Verbose_names_the_settings_file_on_standard_error_for_every_scanning_command()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM scratch\n").Write(".imagepin.yaml", "platforms: [linux/amd64]\n");
        using var bare = new TempTree().Write("Dockerfile", "FROM scratch\n");

        foreach (var command in new[] { "check", "pin", "update", "update --pin", "verify" })
        {
            var run = CliRun.Invoke(tree.Root, [.. command.Split(' '), "--verbose"]);
            Assert.True(run.ExitCode == 0, $"{command}: {run.Error}");
            // Once, even where the command scans twice (update --pin reads the files again after pinning).
            Assert.Single(run.Error.Split('\n'), l => l == "imagepin: settings: .imagepin.yaml");
            Assert.DoesNotContain("settings", run.Out);
        }
        Assert.Contains("imagepin: settings: none found", CliRun.Invoke(bare.Root, "check", "-v").Error);
        Assert.DoesNotContain("settings", CliRun.Invoke(tree.Root, "check").Error);
    }

    [Fact]
    public void Config_prints_the_effective_settings_with_file_line_option_or_default_for_each()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM scratch\n").Write(".imagepin.yaml", """
            rules:
              - paths: ["ci/**"]
                require: tag
            registries:
              allow: ["docker.io/library/*"]
              insecure: [registry.internal:5000]
              timeout: 2m
            update:
              min-age: 3d
              platforms: [linux/amd64]
            severity:
              digest-only: warning
            """);

        var run = CliRun.Invoke(tree.Root, "config", "--max-age", "30d", "--insecure-registry", "other:5000", "--ignore", "IP009");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n');
        Assert.Equal("# settings file: .imagepin.yaml", lines[0]);
        Assert.Contains("platforms: [\"linux/amd64\"]  # .imagepin.yaml:10:14", lines);
        Assert.Contains("  - paths: [\"ci/**\"]  # .imagepin.yaml:2:5", lines);
        Assert.Contains("    require: tag", lines);
        Assert.Contains("  min-age: 3d  # .imagepin.yaml:9:12", lines);
        Assert.Contains("  max-age: 30d  # option --max-age", lines);
        Assert.Contains("  allow: [\"docker.io/library/*\"]  # .imagepin.yaml:5:10", lines);
        Assert.Contains("  insecure: [\"registry.internal:5000\", \"other:5000\"]  # .imagepin.yaml:6:13 + option --insecure-registry", lines);
        Assert.Contains("  mirrors: {}  # default: none", lines);
        Assert.Contains("  timeout: 2m  # .imagepin.yaml:7:12", lines);
        Assert.Contains("  trust-head-digest: false  # default: a Docker Hub HEAD digest is confirmed by a second HEAD", lines);
        Assert.Contains("  digest-without-tag: warning  # IP004, .imagepin.yaml:12:16", lines);
        Assert.Contains("  platform-pin: none  # IP009, option --ignore", lines);
        Assert.Contains("  unpinned-tag: error  # IP001, default", lines);
        Assert.Equal(ExitCodes.Usage, CliRun.Invoke(tree.Root, "config", "--max-age", "soon").ExitCode);
    }

    [Fact]
    public void Config_without_a_settings_file_says_so_and_shows_defaults()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM scratch\n");
        Directory.CreateDirectory(tree.PathOf(".git"));

        var run = CliRun.Invoke(tree.Root, "config");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("# settings file: none found", run.Out);
        Assert.Contains("  min-age: null  # default: no cool-down", run.Out);
        Assert.Equal(ExitCodes.Usage, CliRun.Invoke(tree.Root, "config", "nope").ExitCode);
    }

    [Theory]
    [InlineData("rules:\n  - paths: [\"ci/[\"]\n", ".imagepin.yaml:2:13: rules[1].paths: 'ci/[': unclosed")]
    [InlineData("rules:\n  - paths: [ci/**]\n    require: tags\n", ".imagepin.yaml:3:14: rules[1].require: 'tags' is not one of digest, tag, any")]
    [InlineData("rules:\n  - require: tag\n", ".imagepin.yaml:2:5: rules[1] needs paths")]
    [InlineData("rules:\n  - paths: [a]\n    when: x\n", ".imagepin.yaml:3:5: unknown key 'when' in rules[1]")]
    [InlineData("rules: {paths: a}\n", ".imagepin.yaml:1:8: rules must be a list")]
    [InlineData("registries:\n  allow: [\"docker.io/[a\"]\n", ".imagepin.yaml:2:11: registries.allow: 'docker.io/[a': unclosed")]
    [InlineData("ignore:\n  images: {a: b}\n", ".imagepin.yaml:2:11: must be a list of strings")]
    [InlineData("severity:\n  digest-only: loud\n", ".imagepin.yaml:2:16: severity.digest-only: 'loud' is not one of error, warning, note, none")]
    [InlineData("severity:\n  no-such-rule: note\n", ".imagepin.yaml:2:3: severity: unknown rule 'no-such-rule'")]
    [InlineData("severity: [IP001]\n", ".imagepin.yaml:1:11: severity must be a mapping")]
    [InlineData("platforms: [linux/amd64]\nupdate:\n  platforms: [linux/arm64]\n", ".imagepin.yaml:3:14: update.platforms: the platforms are already given at .imagepin.yaml:1:12")]
    [InlineData("update:\n  platforms: [linux]\n", ".imagepin.yaml:2:14: platforms: 'linux'")]
    public void Policy_mistakes_are_usage_errors_with_file_line_and_column_in_every_command(string yaml, string expected)
    {
        using var tree = new TempTree().Write(".imagepin.yaml", yaml).Write("Dockerfile", "FROM scratch\n");

        var loaded = Assert.Throws<ConfigException>(() => ConfigLoader.Load(tree.PathOf(".imagepin.yaml"), ".imagepin.yaml"));

        Assert.StartsWith(expected, loaded.Message);
        foreach (var command in new[] { "check", "pin", "update", "verify", "audit", "config" })
        {
            var run = CliRun.Invoke(tree.Root, command);
            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains(expected, run.Error);
        }
    }

    [Fact]
    public void Every_policy_setting_is_read_with_update_platforms_as_the_projects_platforms()
    {
        using var tree = new TempTree().Write(".imagepin.yaml", """
            rules:
              - paths: ["**/Dockerfile.dev", ".github/**", "ci/**"]
                require: tag
              - paths: ["**"]
                require: any
            registries:
              allow: ["docker.io/library/*", "ghcr.io/my-org/*", "*.dkr.ecr.*.amazonaws.com/*"]
            ignore:
              images: ["localhost/*", "my-org/base-*"]
            update:
              platforms: [linux/amd64, linux/arm64]
            severity:
              digest-only: warning
              IP008: none
            """);

        var config = ConfigLoader.Load(tree.PathOf(".imagepin.yaml"), ".imagepin.yaml");

        Assert.Equal([ImagePin.Policy.Requirement.Tag, ImagePin.Policy.Requirement.Any], config.PathRules.Select(r => r.Require));
        Assert.Equal(["**/Dockerfile.dev", ".github/**", "ci/**"], config.PathRules[0].Paths.Select(p => p.Pattern));
        Assert.Equal(3, config.AllowedImages!.Count);
        Assert.Equal(["localhost/*", "my-org/base-*"], config.IgnoreImages.Select(i => i.Text));
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], config.Platforms!.Select(p => p.ToString()));
        Assert.Equal(ImagePin.Policy.Severity.Warning, config.Severities["IP004"]);
        Assert.Equal(ImagePin.Policy.Severity.None, config.Severities["IP008"]);
        Assert.True(ImagePin.References.ImageReference.TryParseNormalized("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", out var ecr, out _));
        Assert.Contains(config.AllowedImages, p => p.Matches(ecr));
        Assert.True(ImagePin.References.ImageReference.TryParseNormalized("ghcr.io/other/app:1", out var other, out _));
        Assert.DoesNotContain(config.AllowedImages, p => p.Matches(other));
    }
}
