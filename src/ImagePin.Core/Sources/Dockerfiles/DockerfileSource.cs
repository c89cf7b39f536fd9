using ImagePin.Discovery;
using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles.Syntax;

namespace ImagePin.Sources.Dockerfiles;

/// <summary>Dockerfiles and Containerfiles: <c>FROM</c>, <c>COPY --from</c>, <c>RUN --mount from=</c> and <c># syntax=</c>.</summary>
/// <param name="buildArgs">Values given as --build-arg NAME=VALUE, overriding ARG defaults as docker build does.</param>
internal sealed class DockerfileSource(IReadOnlyDictionary<string, string> buildArgs) : ISource
{
    public const string KindName = "dockerfile";

    public string Kind => KindName;

    public NameMatch MatchName(string path) => DockerfileNames.IsDockerfile(path[(path.LastIndexOf('/') + 1)..]) ? NameMatch.Yes : NameMatch.No;

    // Only a file named on the command line reaches here without a Dockerfile name; the catalog reads it as one anyway.
    public bool MatchContent(string text) => false;

    public SourceDocument Read(DiscoveredFile file, string text, bool hasBom)
    {
        var parsed = DockerfileParser.Parse(text, hasBom);
        if (parsed.Document is not { } document)
        {
            var e = parsed.Error!;
            return SourceDocument.Failed(this, file, text, hasBom, new FileError(file.DisplayPath, e.Line, e.Column, e.Message));
        }
        var occurrences = DockerfileImageCollector.Collect(document, buildArgs, out var suppressions);
        var validation = Validate(file.DisplayPath, document);
        var warnings = suppressions.Unknown.Count == 0 ? [] : suppressions.Unknown.ConvertAll(u => new FileError(file.DisplayPath, u.Line, u.Column, u.Message));
        return new SourceDocument(this, file, text, hasBom, true, occurrences, validation is null ? [] : [validation]) { Warnings = warnings };
    }

    /// <summary>
    /// What BuildKit would reject after parsing (unknown instruction or flag, wrong argument counts, forbidden
    /// ONBUILD triggers): the file cannot be built, so check must not pass it. Findings are still reported.
    /// </summary>
    private static FileError? Validate(string displayPath, DockerfileDocument document)
    {
        var problems = DockerfileValidator.Validate(document);
        if (problems.Count == 0) return null;
        var first = problems[0];
        var more = problems.Count > 1 ? $" (and {problems.Count - 1} more {(problems.Count == 2 ? "problem" : "problems")})" : "";
        return new FileError(displayPath, first.Line, first.Column, $"docker build would reject this file: {first.Message}{more}");
    }
}
