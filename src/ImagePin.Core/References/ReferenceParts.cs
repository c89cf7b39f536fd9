namespace ImagePin.References;

/// <summary>
/// Checks a registry host, repository and tag or digest one by one with the reference grammar, so that a registry
/// request is only ever built from valid parts (no path tricks such as "../" reach a URL) and bad input gets a
/// message naming the bad part.
/// </summary>
internal static class ReferenceParts
{
    /// <summary>Tags cannot hold ':', digests always do.</summary>
    public static bool IsDigest(string tagOrDigest) => tagOrDigest.Contains(':');

    public static bool IsValidDigest(string? text) => text is not null && Digest.TryParse(text, out _, out _);

    /// <returns>What is wrong, or null when every part is valid.</returns>
    public static string? Problem(string registry, string repository, string tagOrDigest)
    {
        if (!ReferenceGrammar.IsDomainAndPort(registry))
            return $"'{Shorten(registry)}' is not a registry host[:port]";
        if (!ReferenceGrammar.IsPath(repository, out _))
            return $"'{Shorten(repository)}' is not a valid repository name (lowercase path components of letters, digits and separators . _ __ -)";
        if (IsDigest(tagOrDigest))
            return IsValidDigest(tagOrDigest) ? null : $"'{Shorten(tagOrDigest)}' is not a valid sha256/sha512 digest";
        return ReferenceGrammar.IsTag(tagOrDigest, out _) ? null
            : $"'{Shorten(tagOrDigest)}' is not a valid tag (up to 128 of letters, digits, '_', '.', '-', not starting with '.' or '-')";
    }

    public static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
