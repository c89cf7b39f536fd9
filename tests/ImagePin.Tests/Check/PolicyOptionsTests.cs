using ImagePin.Cli;
using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

/// <summary>--ignore / ignore.rules and --fail-level.</summary>
public sealed class PolicyOptionsTests
{
    [Theory]
    [InlineData("IP001")]
    [InlineData("unpinned-tag")]
    [InlineData("ip001")]
    public void An_ignored_rule_is_not_reported_and_does_not_fail_the_run(string rule)
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");

        var text = CliRun.Invoke(tree.Root, "check", "--ignore", rule);
        var json = CheckJson.Run(tree, "--ignore", rule);

        Assert.Equal(0, text.ExitCode);
        Assert.Equal("", text.Out);
        var reference = Assert.Single(json.References);
        Assert.Equal(("tag", "none", "IP001"), (Str(reference, "status"), Str(reference, "severity"), Str(reference, "rule")));
    }

    [Fact]
    public void Settings_ignore_rules_work_like_the_option()
    {
        using var tree = new TempTree().Write(".imagepin.yaml", "ignore:\n  rules: [latest-tag]\n").Write("Dockerfile", "FROM alpine:latest\nFROM node\n");

        var result = CheckJson.Run(tree);

        Assert.Equal(["none", "error"], result.References.Select(r => Str(r, "severity")));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Unknown_rule_is_a_usage_error_listing_the_rules()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3.20\n");

        var run = CliRun.Invoke(tree.Root, "check", "--ignore", "IP999");
        using var configured = new TempTree().Write(".imagepin.yaml", "ignore:\n  rules: [nope]\n").Write("Dockerfile", "FROM a:1\n");
        var fromSettings = CliRun.Invoke(configured.Root, "check");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("IP001 unpinned-tag", run.Error);
        Assert.Equal(ExitCodes.Usage, fromSettings.ExitCode);
        Assert.Contains(".imagepin.yaml:2:11: ignore.rules: unknown rule 'nope'", fromSettings.Error);
    }

    [Fact]
    public void Fail_level_decides_which_severities_fail_the_run()
    {
        // An unresolved variable is a warning; a digest without tag a note.
        using var tree = new TempTree().Write("Dockerfile", "ARG BASE\nFROM ${BASE}\nFROM alpine@sha256:" + new string('a', 64) + "\n");

        Assert.Equal(0, CliRun.Invoke(tree.Root, "check").ExitCode);
        Assert.Equal(1, CliRun.Invoke(tree.Root, "check", "--fail-level", "warning").ExitCode);
        Assert.Equal(1, CliRun.Invoke(tree.Root, "check", "--fail-level", "note", "--ignore", "IP005").ExitCode);
        Assert.Equal(0, CliRun.Invoke(tree.Root, "check", "--fail-level", "warning", "--ignore", "IP005").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRun.Invoke(tree.Root, "check", "--fail-level", "fatal").ExitCode);
    }
}
