using System.Text.Json;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Check;

public class CheckOutputFormatTests
{
    private const string Pinned = "alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Text_prints_compiler_style_lines_and_a_summary()
    {
        using var tree = new TempTree().Write("svc/Dockerfile", "FROM python:3.12-slim\nARG X\nFROM ${X}\n");
        var run = CliRun.Invoke(tree.Root, "check");
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.StartsWith("svc/Dockerfile:1:6: error: ", lines[0]);
        Assert.Contains("imagepin pin", lines[0]);
        Assert.StartsWith("svc/Dockerfile:3:6: warning: ", lines[1]);
        Assert.Equal(2, lines.Length);
        // The summary goes to standard error, so a report redirected to a file or pipe holds findings only.
        Assert.Equal("1 file checked: 1 error, 1 warning, 0 notes\n", run.Error);
        Assert.DoesNotContain("\u001b[", run.Out);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void Text_is_coloured_on_a_terminal_unless_NO_COLOR_is_set()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM node\n");
        var coloured = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm" }, onTerminal: true, "check");
        var plain = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["TERM"] = "xterm" }, onTerminal: true, "check");
        Assert.Contains("\u001b[1;31merror\u001b[0m", coloured.Out);
        Assert.DoesNotContain("\u001b[", plain.Out);
        Assert.Contains(": error: ", plain.Out);
    }

    [Fact]
    public void Text_prints_nothing_when_all_is_pinned()
    {
        using var tree = new TempTree().Write("Dockerfile", $"FROM {Pinned} AS a\nFROM a\nFROM scratch\n");
        var run = CliRun.Invoke(tree.Root, "check");
        Assert.Equal("", run.Out);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Github_format_writes_workflow_commands_with_escaped_properties()
    {
        using var tree = new TempTree().Write("a,b/Dockerfile", "FROM node\nARG X\nFROM $X\n");
        var run = CliRun.Invoke(tree.Root, "check", "--format", "github");
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.StartsWith("::error file=a%2Cb/Dockerfile,line=1,col=6,", lines[0]);
        Assert.Contains("title=IP003 untagged-image::", lines[0]);
        Assert.StartsWith("::warning file=a%2Cb/Dockerfile,line=3,col=6,", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void Sarif_has_rules_results_regions_and_suppressions()
    {
        using var tree = new TempTree().Write("Dockerfile", $"FROM node:20\n# imagepin:ignore legacy\nFROM redis\nFROM {Pinned}\n");
        var run = CliRun.Invoke(tree.Root, "check", "--format", "sarif");
        using var doc = JsonDocument.Parse(run.Out);
        var sarifRun = doc.RootElement.GetProperty("runs")[0];
        var rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(ImagePin.Policy.Rules.All.Count, rules.Count);
        Assert.Equal(rules.Count, rules.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("fullDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("help").GetProperty("text").GetString()));
            Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
        });
        var results = sarifRun.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        var first = results[0];
        Assert.Equal("IP001", first.GetProperty("ruleId").GetString());
        Assert.Equal("IP001", rules[first.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        Assert.Equal("error", first.GetProperty("level").GetString());
        var region = first.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(1, region.GetProperty("startLine").GetInt32());
        Assert.Equal(6, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(13, region.GetProperty("endColumn").GetInt32());
        var suppressed = results[1];
        Assert.Equal("inSource", suppressed.GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void Sarif_output_validates_against_the_sarif_2_1_0_schema()
    {
        using var tree = new TempTree()
            .Write("Dockerfile", $"# syntax=docker/dockerfile:1\nFROM node:20\n# imagepin:ignore\nFROM redis\nARG X\nFROM $X\nFROM {Pinned}\nFROM Bad:x\n")
            .Write("broken/Dockerfile", "# nothing\n");
        var run = CliRun.Invoke(tree.Root, "check", "--format", "sarif");
        SarifSchema.AssertValid(run.Out);
    }

    [Fact]
    public void Output_option_writes_the_report_to_a_file()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM node\n");
        var run = CliRun.Invoke(tree.Root, "check", "--format", "json", "--output", "report.json");
        Assert.Equal("", run.Out);
        using var doc = JsonDocument.Parse(tree.Read("report.json"));
        Assert.Equal(2, doc.RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM node\n");
        var run = CliRun.Invoke(tree.Root, "check", "--format", "xml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("xml", run.Error);
    }
}
