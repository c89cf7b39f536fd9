using System.Text.Json;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Check;

/// <summary>`check` over the whole shared corpus: real files from many projects, templates and fixtures included.</summary>
public class CheckCorpusTests
{
    [Fact]
    public void Check_over_the_whole_shared_corpus_exits_0_or_1_with_valid_json()
    {
        var corpus = SharedCorpus.Require();
        var run = CliRun.Invoke(corpus, "check", "--format", "json", ".");

        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Error}");
        using var doc = JsonDocument.Parse(run.Out);
        var references = doc.RootElement.GetProperty("references").EnumerateArray().ToList();
        Assert.True(references.Count > 1000, $"only {references.Count} references found");
        Assert.All(references, r =>
        {
            Assert.True(r.GetProperty("line").GetInt32() >= 1);
            Assert.True(r.GetProperty("column").GetInt32() >= 1);
            Assert.False(r.GetProperty("file").GetString()!.Contains('\\'));
        });
        Assert.DoesNotContain("internal error", run.Error);
    }

    [Fact]
    public void Every_reported_text_is_exactly_what_the_file_says_at_that_position()
    {
        var root = SharedCorpus.PathOf("real-dockerfiles");
        var run = CliRun.Invoke(root, "check", "--format", "json", ".");
        using var doc = JsonDocument.Parse(run.Out);
        var mismatches = new List<string>();
        var lineCache = new Dictionary<string, string[]>();
        foreach (var r in doc.RootElement.GetProperty("references").EnumerateArray())
        {
            var file = r.GetProperty("file").GetString()!;
            var text = r.GetProperty("text").GetString()!;
            if (!lineCache.TryGetValue(file, out var lines))
                lineCache[file] = lines = File.ReadAllText(Path.Combine(root, file)).TrimStart('\uFEFF').Split('\n');
            var line = lines[r.GetProperty("line").GetInt32() - 1];
            var column = r.GetProperty("column").GetInt32();
            // A reference split by a line continuation is checked up to the end of its first line.
            var expected = line.Length >= column - 1 + text.Length ? line.Substring(column - 1, text.Length) : line[(column - 1)..];
            if (!text.StartsWith(expected.TrimEnd('\r', '\\'), StringComparison.Ordinal))
                mismatches.Add($"{file}:{r.GetProperty("line").GetInt32()}:{column}: '{text}' vs '{expected}'");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }
}
