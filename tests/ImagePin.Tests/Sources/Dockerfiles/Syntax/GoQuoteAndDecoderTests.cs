using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles.Syntax;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class GoQuoteAndDecoderTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\t\n\r\v\f\a\b", "\"\\t\\n\\r\\v\\f\\a\\b\"")]
    [InlineData("\0\u001b\u007f", "\"\\x00\\x1b\\x7f\"")]
    [InlineData("é한국어😀", "\"é한국어😀\"")]
    [InlineData("\u00a0\u200b\ufeff", "\"\\u00a0\\u200b\\ufeff\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")]
    public void Quote_follows_go_strconv_quote(string value, string expected)
    {
        Assert.Equal(expected, GoText.Quote(value));
    }

    [Fact]
    public void Invalid_utf8_bytes_survive_decode_and_encode()
    {
        byte[] bytes = [(byte)'F', (byte)'R', (byte)'O', (byte)'M', (byte)' ', 0xE9, (byte)'x', 0xC3, (byte)'\n', 0xF0, 0x9F];
        var (text, hasBom) = SourceDecoder.Decode(bytes);

        Assert.False(hasBom);
        Assert.StartsWith("FROM ", text, StringComparison.Ordinal);
        Assert.Equal(bytes, SourceDecoder.Encode(text, hasBom));
    }

    [Fact]
    public void Dockerfile_with_invalid_utf8_parses_and_reprints_its_bytes()
    {
        byte[] bytes = [.. "FROM a\nLABEL x="u8, 0xFF, 0xFE, .. "\n"u8];
        var result = DockerfileParser.Parse(bytes);

        Assert.True(result.Success);
        Assert.Equal(bytes, SourceDecoder.Encode(result.Document.Reprint(), result.Document.HasBom));
    }
}
