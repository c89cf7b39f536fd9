using ImagePin.Discovery;
using ImagePin.Sources.Compose;
using ImagePin.Sources.Dockerfiles;
using ImagePin.Sources.GitHubActions;
using ImagePin.Sources.GitLabCi;
using ImagePin.Sources.Kubernetes;

namespace ImagePin.Sources;

/// <summary>
/// The sources of one run, in order of precedence. Discovery asks which files to read; the scan asks which
/// source reads a file: the first that claims it by name, else the first that a "maybe" name (any YAML file may be a
/// Kubernetes manifest) or a file named on the command line lets decide by content. A file named on the command line
/// that no source claims is read by the first source (Dockerfiles), as people name Dockerfiles with any name, unless
/// it is a YAML file.
/// </summary>
internal sealed class SourceCatalog(IReadOnlyList<ISource> sources)
{
    /// <summary>Every kind imagepin reads; a new kind is one source class added here.</summary>
    /// <param name="buildArgs">Values given as --build-arg NAME=VALUE, for Dockerfiles.</param>
    /// <param name="environment">Values given as --env NAME=VALUE, for Compose interpolation.</param>
    public static SourceCatalog Create(IReadOnlyDictionary<string, string> buildArgs, IReadOnlyDictionary<string, string>? environment = null) =>
        new([
            new DockerfileSource(buildArgs),
            new ComposeSource(environment ?? new Dictionary<string, string>()),
            new GitHubActionsSource(),
            new GitLabCiSource(),
            new KubernetesSource(),
        ]);

    public IReadOnlyList<ISource> Sources => sources;

    /// <summary>Whether a walk should read the file at all.</summary>
    public bool IsCandidate(string fullPath)
    {
        var path = Normalise(fullPath);
        foreach (var source in sources)
            if (source.MatchName(path) != NameMatch.No) return true;
        return false;
    }

    /// <summary>Whether a source claims the file by its name alone (else its content decides, or it is named on the command line).</summary>
    public bool ClaimedByName(DiscoveredFile file)
    {
        var path = Normalise(file.FullPath);
        foreach (var source in sources)
            if (source.MatchName(path) == NameMatch.Yes) return true;
        return false;
    }

    /// <summary>The source that reads this file, or null when none does (a walked <c>*.yaml</c> that is no manifest).</summary>
    public ISource? Choose(DiscoveredFile file, string text)
    {
        var path = Normalise(file.FullPath);
        ISource? byName = null;
        foreach (var source in sources)
            if (source.MatchName(path) == NameMatch.Yes) { byName = source; break; }
        if (byName is not null) return byName;
        var maybe = false;
        foreach (var source in sources)
        {
            var match = source.MatchName(path);
            maybe |= match == NameMatch.Maybe;
            if ((file.Explicit || match == NameMatch.Maybe) && source.MatchContent(text)) return source;
        }
        // A named file whose name no source recognises is a Dockerfile; a YAML file that is no kind's is nothing to read.
        return file.Explicit && !maybe ? sources[0] : null;
    }

    private static string Normalise(string path) => Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
}
