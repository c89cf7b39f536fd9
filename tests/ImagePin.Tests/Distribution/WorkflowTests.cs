using System.Text.RegularExpressions;
using ImagePin.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace ImagePin.Tests.Distribution;

/// <summary>
/// action.yml, the repository's workflows and the CI examples: linted (yamllint, shellcheck on every shell block), and
/// the examples' commands run as their CI would run them, with the built imagepin, in a folder with an unpinned image.
/// </summary>
public sealed partial class WorkflowTests
{
    private static string Repo => SharedCorpus.RepoRoot;

    private static IEnumerable<string> Files() =>
        new[] { Path.Combine(Repo, "action.yml"), Path.Combine(Repo, ".pre-commit-hooks.yaml") }
            .Concat(Directory.GetFiles(Path.Combine(Repo, ".github", "workflows"), "*.yml"))
            .Concat(Directory.GetFiles(Path.Combine(Repo, "examples", "ci"), "*.yml"));

    private static YamlNode LoadNode(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Load(string path) => (YamlMappingNode)LoadNode(path);

    private static YamlNode? Get(YamlNode node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string Text(YamlNode? node) => (node as YamlScalarNode)?.Value ?? "";

    /// <summary>GitHub steps (workflow jobs and the composite action) as (if, run) pairs; `uses` steps have no run.</summary>
    private static IEnumerable<(string Name, string If, string? Run)> GitHubSteps(YamlMappingNode root)
    {
        var steps = new List<YamlNode>();
        if (Get(root, "jobs") is YamlMappingNode jobs)
            foreach (var job in jobs.Children.Values) steps.AddRange((Get(job, "steps") as YamlSequenceNode)?.Children ?? []);
        if (Get(Get(root, "runs") ?? new YamlMappingNode(), "steps") is YamlSequenceNode composite) steps.AddRange(composite.Children);
        return steps.Select(s => (Text(Get(s, "name")), Text(Get(s, "if")), Get(s, "run") is { } run ? Text(run) : null));
    }

    /// <summary>GitLab jobs' script lines (a job is a mapping with a script).</summary>
    private static IEnumerable<(string Job, List<string> Script)> GitLabJobs(YamlMappingNode root) =>
        root.Children.Where(j => Get(j.Value, "script") is YamlSequenceNode)
            .Select(j => (Text(j.Key), ((YamlSequenceNode)Get(j.Value, "script")!).Children.Select(Text).ToList()));

    [GeneratedRegex(@"\$\{\{[^}]*\}\}")]
    private static partial Regex Expression();

    [Fact]
    public void Action_workflows_and_ci_examples_pass_yamllint_and_every_shell_block_passes_shellcheck()
    {
        using var work = new TempTree();
        work.Write("yamllint.yaml", "extends: relaxed\nrules:\n  line-length: disable\n");
        foreach (var file in Files())
        {
            var (code, output, error) = ExternalTool.Run(Repo, "yamllint", "-c", work.PathOf("yamllint.yaml"), "-f", "parsable", file);
            Assert.True(code == 0 && !output.Contains("[error]"), $"yamllint {file}: {output}{error}");

            if (LoadNode(file) is not YamlMappingNode root) continue;
            var blocks = GitHubSteps(root).Where(s => s.Run is not null).Select(s => s.Run!)
                .Concat(GitLabJobs(root).Select(j => string.Join('\n', j.Script))).ToList();
            foreach (var (block, i) in blocks.Select((b, i) => (b, i)))
            {
                // ${{ … }} is filled in by GitHub before the shell sees it.
                var script = work.Write($"block{i}.sh", "#!/usr/bin/env bash\n" + Expression().Replace(block, "x")).PathOf($"block{i}.sh");
                var (sc, scOut, _) = ExternalTool.Run(Repo, "shellcheck", "-S", "warning", "-s", "bash", script);
                Assert.True(sc == 0, $"shellcheck on a block of {Path.GetRelativePath(Repo, file)}:\n{block}\n{scOut}");
            }
            if (file.EndsWith("action.yml", StringComparison.Ordinal))
                Assert.Equal("composite", Text(Get(Get(root, "runs")!, "using")));
        }
    }

    /// <summary>
    /// A folder with an unpinned image (so check and verify fail), imagepin on PATH behind a wrapper that logs every
    /// call, and a `dotnet` that only logs (the examples install the tool first).
    /// </summary>
    private sealed class Runner : IDisposable
    {
        public TempTree Tree { get; } = new();

        public Runner()
        {
            Tree.Write("project/Dockerfile", "FROM alpine:3.20\n")
                .Write("bin/imagepin", $"#!/bin/sh\necho \"imagepin $*\" >> \"{Tree.PathOf("calls.log")}\"\nexec \"{Path.Combine(AppContext.BaseDirectory, "imagepin")}\" \"$@\"\n")
                .Write("bin/dotnet", $"#!/bin/sh\necho \"dotnet $*\" >> \"{Tree.PathOf("calls.log")}\"\n")
                .Write("calls.log", "");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Tree.PathOf("bin/imagepin"), (UnixFileMode)0b111_101_101);
                File.SetUnixFileMode(Tree.PathOf("bin/dotnet"), (UnixFileMode)0b111_101_101);
            }
            ExternalTool.Succeed(Tree.PathOf("project"), "git", "init", "-q");
            ExternalTool.Succeed(Tree.PathOf("project"), "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "init");
        }

        /// <summary>Runs one block as the runners do: bash -e (GitHub's `bash -e {0}`, GitLab's script).</summary>
        public int Run(string block)
        {
            var environment = new Dictionary<string, string?>
            {
                ["PATH"] = Tree.PathOf("bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["RUNNER_TEMP"] = Tree.PathOf("tmp"), ["HOME"] = Tree.PathOf("home"),
            };
            Directory.CreateDirectory(Tree.PathOf("tmp"));
            var (code, _, _) = ExternalTool.Run(Tree.PathOf("project"), environment, "bash", "-e", "-c", Expression().Replace(block, Tree.PathOf("tmp")));
            return code;
        }

        public string[] Calls => File.ReadAllLines(Tree.PathOf("calls.log"));

        public void Dispose() => Tree.Dispose();
    }

    [Fact]
    public void GitHub_example_runs_verify_and_uploads_after_check_fails_and_its_update_job_writes_the_summary()
    {
        var root = Load(Path.Combine(Repo, "examples", "ci", "github-update.yml"));
        foreach (var job in ((YamlMappingNode)Get(root, "jobs")!).Children)
        {
            using var runner = new Runner();
            var failed = false;
            var ran = new List<string>();
            foreach (var step in ((YamlSequenceNode)Get(job.Value, "steps")!).Children)
            {
                var condition = Text(Get(step, "if"));
                // GitHub's rule: after a failure only steps whose if says always() (or failure()) run.
                if (failed && !condition.Contains("always()") && !condition.Contains("failure()")) continue;
                ran.Add(Text(Get(step, "name")) is { Length: > 0 } name ? name : Text(Get(step, "uses")));
                if (Get(step, "run") is { } run && runner.Run(Text(run)) != 0) failed = true;
            }
            if (Text(job.Key) == "verify")
            {
                Assert.True(failed, "the unpinned image must fail the verify job");
                Assert.Contains(runner.Calls, c => c.StartsWith("imagepin check --format github", StringComparison.Ordinal));
                Assert.Contains(runner.Calls, c => c.StartsWith("imagepin verify --max-age 30d", StringComparison.Ordinal));
                Assert.True(File.Exists(runner.Tree.PathOf("project/imagepin.sarif")), "verify wrote no SARIF for the upload");
                Assert.Contains("github/codeql-action/upload-sarif@v3", ran);
            }
            else
            {
                Assert.False(failed, $"job {Text(job.Key)} failed; calls: {string.Join("; ", runner.Calls)}");
                Assert.Contains(runner.Calls, c => c.StartsWith("imagepin update --platforms linux/amd64,linux/arm64 --min-age 3d", StringComparison.Ordinal));
                Assert.True(File.Exists(runner.Tree.PathOf("tmp/imagepin-summary.md")), "no summary for the pull request");
            }
        }
    }

    [Fact]
    public void GitLab_example_runs_verify_after_check_fails_and_the_update_job_stops_cleanly_when_nothing_moved()
    {
        var jobs = GitLabJobs(Load(Path.Combine(Repo, "examples", "ci", "gitlab-update.yml"))).ToDictionary(j => j.Job, j => j.Script);

        using (var runner = new Runner())
        {
            // GitLab runs a job's script lines in one shell that stops at the first failing command.
            Assert.Equal(1, runner.Run(string.Join('\n', jobs["imagepin-verify"])));
            Assert.Contains(runner.Calls, c => c == "imagepin check");
            Assert.Contains(runner.Calls, c => c == "imagepin verify --max-age 30d");
        }
        using (var runner = new Runner())
        {
            Assert.Equal(0, runner.Run(string.Join('\n', jobs["imagepin-update"])));
            Assert.Contains(runner.Calls, c => c.StartsWith("imagepin update --platforms linux/amd64,linux/arm64 --min-age 3d --summary-md summary.md", StringComparison.Ordinal));
            Assert.True(File.Exists(runner.Tree.PathOf("project/summary.md")));
        }
    }

    [Fact]
    public void Pre_commit_hook_runs_imagepin_check_over_the_whole_repository()
    {
        var hooks = new YamlStream();
        hooks.Load(new StringReader(File.ReadAllText(Path.Combine(Repo, ".pre-commit-hooks.yaml"))));
        var hook = ((YamlSequenceNode)hooks.Documents[0].RootNode).Children.Single(h => Text(Get(h, "id")) == "imagepin-check");

        Assert.Equal("imagepin check", Text(Get(hook, "entry")));
        Assert.Equal("dotnet", Text(Get(hook, "language")));
        Assert.Equal("false", Text(Get(hook, "pass_filenames")));
    }
}
