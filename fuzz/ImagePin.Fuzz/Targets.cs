using System.Text;
using ImagePin.Classification;
using ImagePin.Configuration;
using ImagePin.Discovery;
using ImagePin.References;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Registry.Transport;
using ImagePin.Sources;
using ImagePin.Sources.Compose;
using ImagePin.Sources.Dockerfiles;
using ImagePin.Sources.Dockerfiles.Shell;
using ImagePin.Sources.Dockerfiles.Syntax;
using ImagePin.Sources.GitHubActions;
using ImagePin.Sources.GitLabCi;
using ImagePin.Sources.Kubernetes;

namespace ImagePin.Fuzz;

/// <summary>
/// One entry per fuzz target. A target returns for every input; the exceptions its API documents for bad input
/// are caught, anything else escapes and is a crash. Each also checks an invariant that must hold on every input.
/// </summary>
internal static class Targets
{
    public delegate void Target(ReadOnlySpan<byte> input);

    public static readonly IReadOnlyDictionary<string, Target> All = new Dictionary<string, Target>(StringComparer.Ordinal)
    {
        ["dockerfile"] = Dockerfile,
        ["reference"] = Reference,
        ["shell"] = Shell,
        ["settings"] = Settings,
        ["yaml"] = Yaml,
        ["manifest"] = ManifestJson,
        ["www-authenticate"] = WwwAuthenticate,
    };

    // Instrumented code must not run before Fuzzer.LibFuzzer.Run has mapped the coverage memory: what the targets
    // share is made on first use, not in the static constructor.
    private static readonly Lazy<DockerfileSource> DockerfileReader = new(() => new(new Dictionary<string, string> { ["TAG"] = "1.0", ["REGISTRY"] = "registry.example.com" }));

    /// <summary>The lossless parser (the text comes back byte for byte) and the source that finds images in it.</summary>
    private static void Dockerfile(ReadOnlySpan<byte> input)
    {
        var (text, hasBom) = SourceDecoder.Decode(input);
        var parsed = DockerfileParser.Parse(input);
        _ = parsed;
        var document = DockerfileReader.Value.Read(new DiscoveredFile("/fuzz/Dockerfile", "Dockerfile", Explicit: true), text, hasBom);
        Classify(document);
    }

    /// <summary>The grammar: a reference that parses prints as text that parses to the same reference.</summary>
    private static void Reference(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (ImageReference.TryParse(text, out var reference, out _))
        {
            var again = ImageReference.TryParse(reference.ToString(), out var reparsed, out var error)
                ? reparsed : throw new InvalidOperationException($"'{reference}' (from '{text}') does not parse again: {error!.Message}");
            if (again.ToString() != reference.ToString()) throw new InvalidOperationException($"'{text}' prints as '{reference}', which prints as '{again}'");
        }
        _ = ImageReference.TryParseNormalized(text, out _, out _);
    }

    /// <summary>BuildKit's word expansion with a few variables set; the first byte's low bits pick the escape token and name rules.</summary>
    private static void Shell(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var expander = new ShellWordExpander((input[0] & 1) == 0 ? '\\' : '`', caseInsensitiveNames: (input[0] & 2) != 0);
        var word = Encoding.UTF8.GetString(input);
        var variables = new Dictionary<string, string> { ["A"] = "alpine", ["TAG"] = "3.20", ["EMPTY"] = "", ["X"] = "${A}", ["SP"] = "a b" };
        try { _ = expander.ProcessWord(word, variables); } catch (ShellExpansionException) { }
        try { _ = expander.ProcessWords(word, variables); } catch (ShellExpansionException) { }
    }

    /// <summary>.imagepin.yaml: a valid config or a located ConfigException.</summary>
    private static void Settings(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        try { _ = ConfigLoader.Parse(text, "/fuzz/.imagepin.yaml", ".imagepin.yaml"); }
        catch (ConfigException e) when (e.Message.StartsWith(".imagepin.yaml", StringComparison.Ordinal)) { }
    }

    private static readonly Lazy<(ISource Source, DiscoveredFile File)[]> YamlKinds = new(() =>
    [
        (new ComposeSource(new Dictionary<string, string> { ["TAG"] = "1" }), new("/fuzz/none/compose.yaml", "compose.yaml", true)),
        (new KubernetesSource(), new("/fuzz/none/deploy.yaml", "deploy.yaml", true)),
        (new GitHubActionsSource(), new("/fuzz/none/.github/workflows/ci.yml", ".github/workflows/ci.yml", true)),
        (new GitLabCiSource(), new("/fuzz/none/.gitlab-ci.yml", ".gitlab-ci.yml", true)),
    ]);

    /// <summary>The located YAML tree and every YAML kind's extractor, through the sources the scan uses; the first byte picks the kind (and stays in the text).</summary>
    private static void Yaml(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var (source, file) = YamlKinds.Value[input[0] % YamlKinds.Value.Length];
        var (text, hasBom) = SourceDecoder.Decode(input);
        var document = source.Read(file, text, hasBom);
        Classify(document);
    }

    private static readonly string?[] ManifestTypes =
    [
        MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList, null, "application/json",
    ];

    /// <summary>Registry JSON: a typed manifest or index, or a RegistryException; the first byte picks the Content-Type.</summary>
    private static void ManifestJson(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var bytes = input.ToArray();
        try { _ = ManifestParser.Parse(Digest.Sha256(bytes), ManifestTypes[input[0] % ManifestTypes.Length], bytes, "fuzz/app:1"); }
        catch (RegistryException) { }
        try { _ = ImageConfig.Parse(bytes, "fuzz/app:1"); }
        catch (RegistryException) { }
    }

    /// <summary>WWW-Authenticate: never throws, whatever the header.</summary>
    private static void WwwAuthenticate(ReadOnlySpan<byte> input)
    {
        foreach (var challenge in AuthChallenge.Parse(Encoding.UTF8.GetString(input)))
            _ = (challenge["realm"], challenge["service"], challenge["scope"], challenge.IsBearer, challenge.IsBasic);
    }

    private static void Classify(SourceDocument document)
    {
        if (document.Text.Length == 0 && document.Occurrences.Count > 0) throw new InvalidOperationException("occurrences in an empty file");
        foreach (var o in document.Occurrences) _ = ReferenceClassifier.Classify(o);
    }
}
