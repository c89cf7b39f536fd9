using ImagePin.Discovery;
using ImagePin.Sources.Dockerfiles;

namespace ImagePin.Sources;

/// <summary>
/// The sources of one run, in order of precedence. Discovery asks which files to read; the scan asks which
/// source reads a file. A file named on the command line that no source claims is read by the first source
/// (Dockerfiles), as people name Dockerfiles with any name.
/// </summary>
internal sealed class SourceCatalog(IReadOnlyList<ISource> sources)
{
    /// <summary>Every kind imagepin reads; a new kind is one source class added here.</summary>
    /// <param name="buildArgs">Values given as --build-arg NAME=VALUE, for Dockerfiles.</param>
    public static SourceCatalog Create(IReadOnlyDictionary<string, string> buildArgs) => new([new DockerfileSource(buildArgs)]);

    public IReadOnlyList<ISource> Sources => sources;

    /// <summary>Whether a walk should read the file at all.</summary>
    public bool IsCandidate(string fullPath)
    {
        var path = Normalise(fullPath);
        foreach (var source in sources)
            if (source.MatchName(path) != NameMatch.No) return true;
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
        foreach (var source in sources)
            if ((file.Explicit || source.MatchName(path) == NameMatch.Maybe) && source.MatchContent(text)) return source;
        return file.Explicit ? sources[0] : null;
    }

    private static string Normalise(string path) => Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
}
