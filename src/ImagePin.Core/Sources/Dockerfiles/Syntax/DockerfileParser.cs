namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// Parses a Dockerfile the way BuildKit's frontend/dockerfile/parser does, without variable
/// expansion or instruction checks (see <see cref="DockerfileValidator"/>). Never throws on bad
/// input: a malformed file yields a located <see cref="DockerfileSyntaxError"/>.
/// </summary>
public static class DockerfileParser
{
    /// <summary>Parses decoded text; a leading U+FEFF is taken as a byte order mark.</summary>
    public static DockerfileParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith('\uFEFF') ? Parse(text[1..], hasBom: true) : Parse(text, hasBom: false);
    }

    /// <summary>Parses file bytes (UTF-8, undecodable bytes kept, see <see cref="SourceDecoder"/>).</summary>
    public static DockerfileParseResult Parse(ReadOnlySpan<byte> bytes)
    {
        var (text, hasBom) = SourceDecoder.Decode(bytes);
        return Parse(text, hasBom);
    }

    /// <summary>Parses text already decoded, its byte order mark (if any) removed.</summary>
    internal static DockerfileParseResult Parse(string text, bool hasBom)
    {
        try
        {
            return DockerfileParseResult.Parsed(new DocumentReader(text, hasBom).Read());
        }
        catch (DockerfileSyntaxException exception)
        {
            return DockerfileParseResult.Failed(exception.Error);
        }
    }
}
