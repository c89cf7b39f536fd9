using System.Diagnostics.CodeAnalysis;

namespace ImagePin.References;

/// <summary>A content digest such as <c>sha256:…</c>; <see cref="Hex"/> is the encoded part after the colon.</summary>
public readonly record struct Digest(string Algorithm, string Hex)
{
    /// <summary>
    /// Parses a digest and checks it against the algorithms registered by the OCI image spec:
    /// <c>sha256</c> (64 lowercase hex digits) and <c>sha512</c> (128).
    /// </summary>
    public static bool TryParse(string text, out Digest digest, [NotNullWhen(false)] out ReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        digest = default;
        var position = 0;
        if (!ReferenceGrammar.TryScanDigest(text, ref position, out var algorithmEnd, out var failure))
        {
            error = ReferenceError.At(ReferenceErrorKind.DigestInvalidFormat, failure.Index, failure.Detail);
            return false;
        }
        error = Validate(text.AsSpan(0, algorithmEnd), text.AsSpan(algorithmEnd + 1), 0);
        if (error != null) return false;
        digest = new Digest(text[..algorithmEnd], text[(algorithmEnd + 1)..]);
        return true;
    }

    /// <summary>
    /// The checks go-digest makes after the reference grammar matched: a supported algorithm,
    /// the length that algorithm produces, and lowercase hex. <paramref name="offset"/> is where
    /// the digest starts in the text being reported on.
    /// </summary>
    internal static ReferenceError? Validate(ReadOnlySpan<char> algorithm, ReadOnlySpan<char> hex, int offset)
    {
        var expectedLength = ExpectedHexLength(algorithm);
        if (expectedLength == 0)
        {
            // go-digest only recognises lowercase algorithm names; anything else is malformed, not unsupported.
            var kind = algorithm.ContainsAnyInRange('A', 'Z') ? ReferenceErrorKind.DigestInvalidFormat : ReferenceErrorKind.DigestUnsupported;
            return ReferenceError.At(kind, offset, $"\"{algorithm}\" (supported: sha256, sha512)");
        }
        var hexStart = offset + algorithm.Length + 1;
        if (hex.Length != expectedLength)
            return ReferenceError.At(ReferenceErrorKind.DigestInvalidLength, hexStart,
                $"{algorithm} needs {expectedLength} hex digits, found {hex.Length}");
        var bad = hex.IndexOfAnyExcept(LowercaseHex);
        if (bad >= 0)
            return ReferenceError.At(ReferenceErrorKind.DigestInvalidFormat, hexStart + bad,
                $"'{hex[bad]}' is not a lowercase hex digit");
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> LowercaseHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static int ExpectedHexLength(ReadOnlySpan<char> algorithm) =>
        algorithm.SequenceEqual("sha256") ? 64 : algorithm.SequenceEqual("sha512") ? 128 : 0;

    /// <summary>Whether the digest fits the reference grammar (any algorithm name, at least 32 hex digits); upstream's WithDigest checks only this.</summary>
    internal bool MatchesGrammar()
    {
        if (Algorithm is null || Hex is null) return false;
        var position = 0;
        var text = Algorithm + ":" + Hex;
        return ReferenceGrammar.TryScanDigest(text, ref position, out var algorithmEnd, out _) && algorithmEnd == Algorithm.Length;
    }

    public override string ToString() => Algorithm + ":" + Hex;

    /// <summary>The sha256 digest of <paramref name="content"/>, as text.</summary>
    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>The digest of <paramref name="content"/> with the algorithm of <paramref name="like"/> (sha256 or sha512), as text.</summary>
    public static string ComputeLike(string like, ReadOnlySpan<byte> content) =>
        like.StartsWith("sha512:", StringComparison.Ordinal)
            ? "sha512:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(content))
            : Sha256(content);

    /// <summary>An incremental hash for the algorithm of <paramref name="like"/>, to hash a stream while it is read.</summary>
    public static System.Security.Cryptography.IncrementalHash HasherLike(string like) =>
        System.Security.Cryptography.IncrementalHash.CreateHash(like.StartsWith("sha512:", StringComparison.Ordinal)
            ? System.Security.Cryptography.HashAlgorithmName.SHA512 : System.Security.Cryptography.HashAlgorithmName.SHA256);
}
