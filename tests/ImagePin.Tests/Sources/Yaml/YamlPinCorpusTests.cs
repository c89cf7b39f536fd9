using System.Text;
using ImagePin.Classification;
using ImagePin.Discovery;
using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Sources.Compose;
using ImagePin.Sources.GitHubActions;
using ImagePin.Sources.GitLabCi;
using ImagePin.Sources.Kubernetes;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Pin;

namespace ImagePin.Tests.Sources.Yaml;

/// <summary>
/// The YAML sources over every file of real-yaml and real-ci, through the pin planner with a stand-in resolver (a
/// made-up digest per image): no exception, every rewritten file still reads with the same references, each now pinned
/// to its digest, and removing what pin inserted gives back the original bytes of every file.
/// </summary>
public sealed class YamlPinCorpusTests
{
    private static readonly ReferencePolicy Policy = ReferencePolicy.Default;

    /// <summary>The source each corpus file is read with: by its name where a walk would recognise it, else by the manifest's kind.</summary>
    private static ISource? SourceOf(string corpus, string path, string flags, string text)
    {
        var catalog = SourceCatalog.Create(new Dictionary<string, string>());
        var first = flags.Split(',')[0];
        if (corpus == "real-ci")
            return first switch { "gha" => new GitHubActionsSource(), "gitlab" => new GitLabCiSource(), _ => null };
        if (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            var chosen = catalog.Choose(new DiscoveredFile("/" + path, path, Explicit: false), text);
            if (chosen is not null) return chosen;
        }
        return first switch
        {
            "compose" or "compose-like" => new ComposeSource(new Dictionary<string, string>()),
            "k8s" => new KubernetesSource(),
            _ => null,
        };
    }

    [Theory]
    [InlineData("real-yaml")]
    [InlineData("real-ci")]
    public void Pinning_every_file_with_a_stand_in_digest_and_removing_it_gives_back_the_original_bytes(string corpus)
    {
        var output = TestContext.Current.TestOutputHelper;
        var root = SharedCorpus.PathOf(corpus);
        var counts = new SortedDictionary<string, (int Files, int References, int Pinnable, int Pinned)>(StringComparer.Ordinal);
        var problems = new List<string>();
        var files = 0;
        foreach (var row in File.ReadLines(Path.Combine(root, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')))
        {
            var path = Path.Combine(row[0], row[2]);
            var full = Path.Combine(root, path);
            var bytes = File.ReadAllBytes(full);
            var (text, hasBom) = SourceDecoder.Decode(bytes);
            if (SourceOf(corpus, path, row[5], text) is not { } source) continue;
            files++;
            var file = new DiscoveredFile(full, path.Replace('\\', '/'), Explicit: true);
            var document = source.Read(file, text, hasBom);
            var references = document.Occurrences.Select((o, i) => Policy.Judge(file.DisplayPath, source.Kind, o) with { Index = i }).ToList();
            var (targets, _) = PinPlanner.Plan([new ScannedFile(file, document, references, null)]);
            var (f, r, p, n) = counts.GetValueOrDefault(source.Kind);
            counts[source.Kind] = (f + 1, r + references.Count, p + references.Count(j => j.Actions.HasFlag(ReferenceActions.Pin)), n + targets.Count);
            if (targets.Count == 0) continue;

            var (edits, updated, found) = StandInPins.Apply(document, references, targets);
            problems.AddRange(found);
            if (found.Count > 0) continue;
            // Remove each inserted '[:latest]@sha256:…' where it now stands (later insertions shifted by earlier ones).
            var stripped = new StringBuilder(updated);
            var shift = 0;
            foreach (var edit in edits.OrderBy(e => e.Start))
            {
                if (updated.AsSpan(edit.Start + shift, edit.NewText.Length).SequenceEqual(edit.NewText))
                    stripped.Remove(edit.Start + shift - (updated.Length - stripped.Length), edit.NewText.Length);
                else problems.Add($"{path}: the insertion at {edit.Start} is not where it was made");
                shift += edit.NewText.Length;
            }
            if (!document.Encode(stripped.ToString()).AsSpan().SequenceEqual(bytes))
                problems.Add($"{path}: removing the inserted digests does not give back the original bytes");
        }
        foreach (var (kind, (f, r, p, n)) in counts)
            output?.WriteLine($"{corpus} {kind}: {f} files, {r} references, {p} to pin, {n} pinned in place");
        Assert.True(files > (corpus == "real-yaml" ? 1000 : 550), $"only {files} files read");
        Assert.True(counts.Values.Sum(c => c.Pinned) > (corpus == "real-yaml" ? 900 : 250), "too few references pinned");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(30)));
    }

    [Theory]
    [InlineData("real-yaml")]
    [InlineData("real-ci")]
    public void A_folder_walk_over_the_corpus_reads_every_file_without_an_internal_error(string corpus)
    {
        var output = TestContext.Current.TestOutputHelper;
        var root = SharedCorpus.PathOf(corpus);
        var scan = new Scanner(SourceCatalog.Create(new Dictionary<string, string>()), Policy, ScanOptions.Default, root).Scan([]);
        foreach (var group in scan.Report.Findings.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            output?.WriteLine($"{corpus} walk {group.Key}: {group.Select(f => f.File).Distinct().Count()} files, {group.Count()} references, {group.Count(f => f.Status == ReferenceStatus.Variable)} variable");
        output?.WriteLine($"{corpus} walk: {scan.Report.FilesScanned} files read, {scan.Report.Errors.Count} file errors");
        Assert.DoesNotContain(scan.Report.Errors, e => e.Message.Contains("internal error", StringComparison.Ordinal));
        Assert.NotEmpty(scan.Report.Findings);
    }
}
