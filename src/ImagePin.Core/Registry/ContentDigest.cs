using System.Security.Cryptography;

namespace ImagePin.Registry;

/// <summary>OCI content digests ("algorithm:hex") for the algorithms registries use.</summary>
internal static class ContentDigest
{
    public static bool IsValid(string? digest)
    {
        if (digest is null) return false;
        var colon = digest.IndexOf(':');
        if (colon < 0) return false;
        var hexLength = digest[..colon] switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        var hex = digest.AsSpan(colon + 1);
        return hex.Length == hexLength && !hex.ContainsAnyExcept("0123456789abcdef");
    }

    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Digest of <paramref name="content"/> with the algorithm of <paramref name="like"/> (a valid digest).</summary>
    public static string ComputeLike(string like, ReadOnlySpan<byte> content) =>
        like.StartsWith("sha512:", StringComparison.Ordinal)
            ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(content))
            : Sha256(content);
}
