using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Pin;

/// <summary>
/// The pin planner over every real Dockerfile, with made-up digests instead of a registry: each rewrite is an
/// insertion at the end of a reference, the file still parses, and every pinned reference is then `pinned`
/// with the digest it was given and the image it had.
/// </summary>
public class PinCorpusTests
{
    [Fact]
    public void Pinning_every_corpus_file_changes_only_reference_characters_and_yields_pinned_references()
    {
        var root = SharedCorpus.PathOf("real-dockerfiles");
        var scanner = new Scanner(SourceCatalog.Create(new Dictionary<string, string>()), ReferencePolicy.Default, ScanOptions.Default, root);
        var scan = scanner.Scan([.. File.ReadLines(Path.Combine(root, "MANIFEST.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Select(c => Path.Combine(c[0], c[2]))]);
        var (targets, _) = PinPlanner.Plan(scan.Files);
        Assert.True(targets.Count > 2000, $"only {targets.Count} references planned");

        var problems = new List<string>();
        var references = scan.Files.Where(f => f.Document is not null).ToDictionary(f => f.Document!, f => f.References);
        foreach (var group in targets.GroupBy(t => t.Document))
            problems.AddRange(StandInPins.Apply(group.Key, references[group.Key], group).Problems);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(30)));
    }

    /// <summary>Reports show a definition's text without the file at hand (pin lets texts go after the scan): it must be the file's characters there.</summary>
    [Theory]
    [InlineData("real-dockerfiles")]
    [InlineData("real-yaml")]
    [InlineData("real-ci")]
    public void Every_definitions_text_is_the_files_characters_at_its_location(string corpus)
    {
        var root = SharedCorpus.PathOf(corpus);
        var scan = new Scanner(SourceCatalog.Create(new Dictionary<string, string>()), ReferencePolicy.Default, ScanOptions.Default with { IncludeIgnored = true }, root).Scan([root]);
        var definitions = 0;
        var problems = new List<string>();
        foreach (var file in scan.Files)
            foreach (var o in file.Document?.Occurrences ?? [])
                if (o.Edit is EditSite.Literal { Definition: { } d })
                {
                    definitions++;
                    var written = file.Document!.Text.Substring(d.Location.Start, d.Location.Length);
                    if (written != d.Text) problems.Add($"{file.File.DisplayPath}:{d.Location.Line}: '{d.Text}' but the file has '{written}'");
                }
        Assert.True(definitions > 0, "no definitions in the corpus");
        Assert.True(problems.Count == 0, $"{problems.Count} of {definitions}:\n" + string.Join("\n", problems.Take(20)));
    }
}
