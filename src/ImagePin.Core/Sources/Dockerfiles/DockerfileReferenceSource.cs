using ImagePin.Dockerfiles.Syntax;
using ImagePin.Findings;
using ImagePin.Scanning;

namespace ImagePin.Sources.Dockerfiles;

/// <summary>One Dockerfile's bytes → its image occurrences → findings.</summary>
internal static class DockerfileReferenceSource
{
    public const string Kind = "dockerfile";

    public static FileScanResult Scan(string displayPath, byte[] bytes, ScanOptions options)
    {
        var (text, hasBom) = SourceDecoder.Decode(bytes);
        var parsed = DockerfileParser.Parse(text);
        if (parsed.Document is not { } document)
        {
            var e = parsed.Error!;
            return FileScanResult.Failed(new FileError(displayPath, e.Line, e.Column, e.Message));
        }
        var occurrences = DockerfileImageCollector.Collect(document, options.BuildArgs);
        var findings = new Finding[occurrences.Count];
        for (var i = 0; i < findings.Length; i++)
            findings[i] = ReferencePolicy.Judge(displayPath, Kind, occurrences[i]);
        return new FileScanResult(findings, null, null)
        {
            Occurrences = occurrences, Text = text, HasBom = hasBom, ValidationError = Validate(displayPath, document),
        };
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
