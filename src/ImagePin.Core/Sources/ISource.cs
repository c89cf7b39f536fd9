using ImagePin.Discovery;

namespace ImagePin.Sources;

/// <summary>How much a file's path tells a source about the file.</summary>
internal enum NameMatch
{
    /// <summary>Not this source's file.</summary>
    No,
    /// <summary>Possibly this source's; the content decides (any <c>*.yaml</c> may be a Kubernetes manifest).</summary>
    Maybe,
    /// <summary>This source's file by its name alone.</summary>
    Yes,
}

/// <summary>
/// One kind of file that names images (Dockerfiles, Compose, Kubernetes, GitHub Actions, GitLab CI): which files are its,
/// and how a file's text becomes image occurrences. Everything kind-specific lives behind this interface, so
/// discovery, classification, policy, planning and editing stay the same for every kind.
/// </summary>
internal interface ISource
{
    /// <summary>The JSON <c>kind</c>, e.g. <c>dockerfile</c>.</summary>
    string Kind { get; }

    /// <param name="path">The file's full path with '/' separators (a source may look at folders, e.g. <c>.github/workflows/</c>).</param>
    NameMatch MatchName(string path);

    /// <summary>Whether a file whose name said <see cref="NameMatch.Maybe"/> (or a file named on the command line) is this source's.</summary>
    bool MatchContent(string text);

    /// <summary>Reads one file's decoded text; never throws for bad input (problems are located errors in the document).</summary>
    SourceDocument Read(DiscoveredFile file, string text, bool hasBom);
}
