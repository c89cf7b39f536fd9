using ImagePin.Registry;

namespace ImagePin.Freshness;

/// <summary>Checks a pin's parts before anything goes on the wire, so bad input gets a message naming the bad part.</summary>
internal static class PinArguments
{
    /// <exception cref="RegistryException">Kind <see cref="RegistryErrorKind.InvalidReference"/>.</exception>
    public static void Validate(string registry, string repository, string? tag, string pinnedDigest)
    {
        if (!ContentDigest.IsValid(pinnedDigest))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"pinned digest '{Shorten(pinnedDigest)}' is not a valid sha256/sha512 digest");
        ReferenceRules.Validate(registry, repository, pinnedDigest);
        if (tag is null) return;
        if (ReferenceRules.IsDigest(tag))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"'{Shorten(tag)}' is not a tag (tags cannot contain ':')");
        ReferenceRules.Validate(registry, repository, tag);
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
