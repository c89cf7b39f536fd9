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
        return new FileScanResult(findings, null, null) { Occurrences = occurrences, Text = text, HasBom = hasBom };
    }
}
