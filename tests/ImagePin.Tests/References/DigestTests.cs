using ImagePin.References;

namespace ImagePin.Tests.References;

public class DigestTests
{
    private static readonly string Hex64 = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));
    private static readonly string Hex128 = Hex64 + Hex64;

    [Fact]
    public void Sha256_with_64_lowercase_hex_digits_is_accepted()
    {
        Assert.True(Digest.TryParse("sha256:" + Hex64, out var digest, out var error), error?.Message);

        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(Hex64, digest.Hex);
        Assert.Equal("sha256:" + Hex64, digest.ToString());
    }

    [Fact]
    public void Sha512_with_128_hex_digits_is_accepted_in_a_reference()
    {
        Assert.True(ImageReference.TryParseNormalized("alpine@sha512:" + Hex128, out var reference, out var error), error?.Message);
        Assert.Equal(new Digest("sha512", Hex128), reference.Digest);
    }

    [Theory]
    [InlineData("sha384")]
    [InlineData("md5")]
    [InlineData("blake3")]
    [InlineData("sha256+b64")]
    public void Other_algorithms_are_unsupported(string algorithm)
    {
        Assert.False(Digest.TryParse($"{algorithm}:{Hex64}", out _, out var error));

        Assert.Equal(ReferenceErrorKind.DigestUnsupported, error.Kind);
        Assert.StartsWith("unsupported digest algorithm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha256_of_the_wrong_length_is_an_invalid_length()
    {
        Assert.False(ImageReference.TryParse("app@sha256:" + Hex64[..40], out _, out var error));

        Assert.Equal(ReferenceErrorKind.DigestInvalidLength, error.Kind);
        Assert.Equal(11, error.Index);
        Assert.StartsWith("invalid checksum digest length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha512_with_only_64_digits_is_an_invalid_length()
    {
        Assert.False(Digest.TryParse("sha512:" + Hex64, out _, out var error));
        Assert.Equal(ReferenceErrorKind.DigestInvalidLength, error.Kind);
    }

    [Fact]
    public void Upper_case_hex_is_an_invalid_digest_format()
    {
        Assert.False(ImageReference.TryParse("app@sha256:" + Hex64.ToUpperInvariant(), out _, out var error));

        Assert.Equal(ReferenceErrorKind.DigestInvalidFormat, error.Kind);
        Assert.Equal(21, error.Index);
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha256:")]
    [InlineData(":abc")]
    [InlineData("sha256:abcdef")]
    [InlineData("1sha:0123456789abcdef0123456789abcdef")]
    public void Text_outside_the_digest_grammar_is_an_invalid_format(string text)
    {
        Assert.False(Digest.TryParse(text, out _, out var error));
        Assert.Equal(ReferenceErrorKind.DigestInvalidFormat, error.Kind);
    }
}
