using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.References;
using ImagePin.Registry;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles.Syntax;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Pin;

/// <summary>
/// Properties over generated Dockerfiles and references (CsCheck, shrinking to the smallest failing case): the parser
/// gives back every byte; pinning only inserts (strip what it added and the original bytes come back); a pinned
/// reference reads as the same repository and tag.
/// </summary>
public sealed partial class PinPropertyTests
{
    private const string Registry = "registry.example.com";

    // Names by role, so the strip step knows which references had no tag (pin writes ":latest" for them).
    private static readonly Gen<string> Tagged = Gen.Int[0, 5].Select(i => $"{Registry}/team/t{i}");
    private static readonly Gen<string> Untagged = Gen.Int[0, 5].Select(i => $"{Registry}/team/u{i}");
    private static readonly Gen<string> TagText = Gen.OneOf<string>("1.0", "3.20", "latest", "v2-slim", "2024_01");
    private static readonly Gen<string> Pinned = Gen.Int[0, 3].Select(i => $"{Registry}/team/p{i}:1@sha256:{new string((char)('a' + i), 64)}");

    /// <summary>An image as written: tagged, untagged (pin makes ":latest" explicit), or already pinned (left alone).</summary>
    private static readonly Gen<string> Image = Gen.Frequency(
        (4, Gen.Select(Tagged, TagText).Select((n, t) => $"{n}:{t}")),
        (2, Untagged),
        (1, Pinned));

    private static readonly Gen<string> Space = Gen.OneOf<string>(" ", "  ", "\t", " \t ");
    private static readonly Gen<string> Trailing = Gen.OneOf<string>("", "", " ", "\t ");
    private static readonly Gen<string> Comment = Gen.OneOf<string>("# a comment", "#", "# FROM not-an-image:1", "   # indented", "# imagepin:ignore-next-line? no");

    /// <summary>One instruction (or comment / blank line), possibly over several physical lines; no line end.</summary>
    private static readonly Gen<string> Line = Gen.Frequency(
        (5, Gen.Select(Space, Image, Trailing, Gen.OneOf<string>("", " AS build", " as Stage1")).Select((s, i, t, a) => $"FROM{s}{i}{a}{t}")),
        (2, Gen.Select(Image, Space).Select((i, s) => $"FROM{s}--platform=linux/arm64{s}{i}")),
        (2, Gen.Select(Image, Trailing).Select((i, t) => $"COPY --from={i} /src /dst{t}")),
        (1, Gen.Select(Image, Space).Select((i, s) => $"RUN --mount=type=bind,from={i},target=/x{s}true")),
        (2, Gen.Select(Gen.OneOf<string>("echo hi", "apt-get update", "make \\\n  all", "a && \\\n   # inner comment\n  b"), Trailing).Select((c, t) => $"RUN {c}{t}")),
        (1, Gen.OneOf<string>("ARG VERSION", "ARG VERSION=1.0", "ENV A=b C=\"d e\"", "WORKDIR /app", "CMD [\"./app\", \"--flag\"]", "LABEL x=y \\\n      z=w")),
        (1, Gen.OneOf<string>("RUN <<EOF\necho $HOME\nEOF", "COPY <<-END /f\n\tbody\n\tEND")),
        (2, Comment),
        (2, Gen.OneOf<string>("", "   ", "\t")));

    private static readonly Gen<string> From = Gen.Select(Image, Gen.OneOf<string>("", " AS base")).Select((i, a) => $"FROM {i}{a}");

    /// <summary>
    /// A whole file: optional BOM and parser directive, a FROM (a file without instructions is an error, as in BuildKit),
    /// then any lines, joined by LF or CRLF, final newline or not.
    /// </summary>
    private static readonly Gen<string> Dockerfile = Gen.Select(
        Gen.Bool, Gen.OneOf<string>("", "# syntax=docker/dockerfile:1\n", "# escape=\\\n"), From, Line.Array[0, 12], Gen.OneOf<string>("\n", "\r\n"), Gen.Bool)
        .Select((bom, directive, from, lines, eol, final) =>
            (bom ? "\uFEFF" : "") + directive.Replace("\n", eol) + string.Join(eol, lines.Prepend(from).Select(l => l.Replace("\n", eol))) + (final ? eol : ""));

    [Fact]
    public void Parse_then_print_gives_back_every_character()
    {
        Dockerfile.Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var parsed = DockerfileParser.Parse(bytes);
            Assert.True(parsed.Success, $"did not parse: {parsed.Error?.Message}\n{text}");
            var document = parsed.Document!;
            Assert.Equal(text.TrimStart('\uFEFF'), document.Reprint());
            Assert.Equal(text.StartsWith('\uFEFF'), document.HasBom);
        }, iter: 2000);
    }

    /// <summary>Answers every manifest GET with a small manifest of its own (so each image gets its own digest), and counts.</summary>
    private static FakeRegistry ManifestPerPath() => new((request, _) =>
        FakeRegistry.Manifest(FakeRegistry.ImageManifest(((char)('a' + Math.Abs(request.RequestUri!.AbsolutePath.GetHashCode() % 6))).ToString()) is var seed
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(seed).Replace("\"layers\":[]", $"\"layers\":[],\"annotations\":{{\"p\":\"{request.RequestUri!.AbsolutePath}\"}}"))
            : [], "application/vnd.oci.image.manifest.v1+json", null));

    [GeneratedRegex("@sha256:[0-9a-f]{64}")]
    private static partial Regex DigestSuffix();

    [Fact]
    public void Pin_then_strip_the_added_digests_gives_the_original_bytes()
    {
        Dockerfile.Sample(text =>
        {
            using var tree = new TempTree();
            var path = tree.PathOf("Dockerfile");
            var original = Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(path, original);

            var result = PinOnce(tree.Root);

            var written = File.ReadAllBytes(path);
            var hasBom = written.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
            Assert.Equal(text.StartsWith('\uFEFF'), hasBom);
            var after = Encoding.UTF8.GetString(written.AsSpan(hasBom ? 3 : 0));
            var added = result.Changes.Select(c => c.Digest).ToHashSet();
            // Untagged references got ":latest" with their digest; every other pin only "@digest".
            var stripped = Regex.Replace(after, $@"(?<u>{Regex.Escape(Registry)}/team/u\d):latest@(?<d>sha256:[0-9a-f]{{64}})", m =>
                added.Contains(m.Groups["d"].Value) ? m.Groups["u"].Value : m.Value);
            stripped = DigestSuffix().Replace(stripped, m => added.Contains(m.Value[1..]) ? "" : m.Value);
            Assert.Equal(text.TrimStart('\uFEFF'), stripped);
            Assert.Empty(result.Failures);
            Assert.Equal(original, (hasBom ? new byte[] { 0xEF, 0xBB, 0xBF } : []).Concat(Encoding.UTF8.GetBytes(stripped)).ToArray());
            // Every tagged or untagged image in the file is pinned now; the pre-pinned ones are as they were.
            var rescanned = Scan(tree.Root).Files.Single().References;
            Assert.All(rescanned.Where(r => r.Reference is not null), r => Assert.NotNull(r.Reference!.Digest));
        }, iter: 150, threads: 1);
    }

    private static ScanResult Scan(string root) =>
        new Scanner(SourceCatalog.Create(new Dictionary<string, string>()), ReferencePolicy.Default, ScanOptions.Default, root).Scan([root]);

    private static PinResult PinOnce(string root)
    {
        var scan = Scan(root);
        var (targets, failures) = PinPlanner.Plan(scan.Files);
        using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 1 }, StaticCredentials.None, ManifestPerPath());
        using var content = new RegistryContent(client);
        return new PinExecutor(content, null).RunAsync(targets, failures, dryRun: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static readonly Gen<string> Component = Gen.Select(Gen.String[Gen.Char["abcxyz0189"], 1, 6], Gen.OneOf<string>("", "-", ".", "_", "__")).Select((a, sep) => sep.Length == 0 ? a : a + sep + a);
    private static readonly Gen<string> Domain = Gen.OneOf<string>("", "docker.io/", "ghcr.io/", "localhost:5000/", "registry.example.com:443/", "[::1]:5000/", "quay.io/");
    private static readonly Gen<string?> Tag = Gen.OneOf<string?>(Gen.Const((string?)null), Gen.String[Gen.Char["aZ09_.-"], 1, 20].Where(t => t[0] is not ('.' or '-')).Select(t => (string?)t));

    [Fact]
    public void A_pinned_reference_reads_as_the_same_repository_and_tag()
    {
        Gen.Select(Domain, Component.Array[1, 3], Tag, Gen.Int[0, 15]).Sample((domain, path, tag, seed) =>
        {
            var text = domain + string.Join('/', path) + (tag is null ? "" : ":" + tag);
            if (!ImageReference.TryParseNormalized(text, out var reference, out _)) return; // the grammar's own tests cover refusals
            var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));
            // What pin writes: the digest after the tag, ":latest" made explicit for an untagged reference.
            var pinnedText = reference.Original + (reference.Tag is null ? ":latest" : "") + "@" + digest;

            Assert.True(ImageReference.TryParseNormalized(pinnedText, out var pinned, out var error), $"'{pinnedText}' does not parse: {error?.Message}");
            Assert.Equal(reference.Registry, pinned.Registry);
            Assert.Equal(reference.Repository, pinned.Repository);
            Assert.Equal(reference.Tag ?? "latest", pinned.Tag);
            Assert.Equal(digest, pinned.Digest.ToString());
            Assert.Equal(ImageKey.ToPin(reference), ImageKey.ToPin(pinned));
        }, iter: 5000);
    }
}
