using System.Text.Json;
using ImagePin.Classification;
using ImagePin.Discovery;
using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.Registry;
using ImagePin.Reporting;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;
using ImagePin.Updating;
using ImagePin.Verification;

namespace ImagePin.Tests.Sources;

/// <summary>
/// A file kind is one source class: a made-up line format (one image reference per line) registered beside the
/// Dockerfile source flows through check, pin, update and verify against the real registry, with no other stage
/// knowing it exists.
/// </summary>
public sealed class NewSourceKindTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary><c>*.imagelist</c>: each line that is not blank or a <c>#</c> comment is one image reference.</summary>
    private sealed class ImageListSource : ISource
    {
        public string Kind => "imagelist";

        public NameMatch MatchName(string path) => path.EndsWith(".imagelist", StringComparison.Ordinal) ? NameMatch.Yes : NameMatch.No;

        public bool MatchContent(string text) => false;

        public SourceDocument Read(DiscoveredFile file, string text, bool hasBom)
        {
            var occurrences = new List<ImageOccurrence>();
            var start = 0;
            for (var line = 1; start <= text.Length; line++)
            {
                var end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                var content = text[start..end].Trim();
                if (content.Length > 0 && !content.StartsWith('#'))
                {
                    var at = text.IndexOf(content, start, StringComparison.Ordinal);
                    var location = new TextLocation(at, content.Length, line, at - start + 1, line, at - start + content.Length);
                    occurrences.Add(new ImageOccurrence("line", content, location, OccurrenceTarget.Image, content, [], null)
                    {
                        Edit = new EditSite.Literal(at, content.Length),
                    });
                }
                start = end + 1;
            }
            return new SourceDocument(this, file, text, hasBom, true, occurrences, []);
        }
    }

    private static Scanner NewScanner(string root) =>
        new(new SourceCatalog([new DockerfileSource(new Dictionary<string, string>()), new ImageListSource()]), ReferencePolicy.Default, ScanOptions.Default, root);

    [Fact]
    public async Task A_registered_line_format_is_checked_pinned_updated_and_verified()
    {
        var repository = TestRegistries.UniqueRepository("newkind");
        var pusher = Pushers.Open();
        var first = await pusher.PushImageAsync(repository, "1.0", ImageFormat.Oci);
        var image = $"{TestRegistries.Open}/{repository}:1.0";
        using var tree = new TempTree().Write("deps/base.imagelist", $"# images this service pulls\n{image}\n").Write("Dockerfile", "FROM scratch\n");
        using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 2 }, StaticCredentials.None);
        using var registry = new RegistryContent(client);

        // check: found by discovery, judged by the same policy, reported with its kind and context.
        var scan = NewScanner(tree.Root).Scan([]);
        var finding = Assert.Single(scan.Report.Findings, f => f.Kind == "imagelist");
        Assert.Equal((ReferenceStatus.Tag, "line", 2, 1, "deps/base.imagelist"), (finding.Status, finding.Context, finding.Line, finding.Column, finding.File));
        using (var json = new MemoryStream())
        {
            JsonCheckReporter.Write(scan.Report, json);
            var reported = JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("references").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "imagelist");
            Assert.Equal("tag", reported.GetProperty("status").GetString());
        }

        // pin: the digest is inserted after the reference, nothing else changes.
        var (targets, failures) = PinPlanner.Plan(scan.Files);
        Assert.Empty(failures);
        var pinned = await new PinExecutor(registry, null).RunAsync(targets, failures, dryRun: false, Ct);
        Assert.Empty(pinned.Failures);
        Assert.Equal($"# images this service pulls\n{image}@{first.Digest}\n", tree.Read("deps/base.imagelist"));

        // verify: current.
        var verified = await new PinVerifier(new PinInspector(registry), null, DateTimeOffset.UtcNow).VerifyAsync(NewScanner(tree.Root).Scan([]).Files, Ct);
        Assert.Empty(verified.RegistryErrors);
        Assert.Equal(ReferenceStatus.Current, Assert.Single(verified.Findings, f => f.Kind == "imagelist").Status);

        // update: the tag moves; only the digest's characters are replaced.
        var second = await pusher.PushImageAsync(repository, "1.0", ImageFormat.Oci);
        using var later = new RegistryContent(client);
        var updated = await new UpdateRunner(new UpdatePlanner(later)).RunAsync(NewScanner(tree.Root).Scan([]).Files, dryRun: false, Ct);
        Assert.Single(updated.Changes);
        Assert.Equal($"# images this service pulls\n{image}@{second.Digest}\n", tree.Read("deps/base.imagelist"));
        Assert.Equal(await Skopeo.RawManifestDigestAsync(image), second.Digest);
    }
}
