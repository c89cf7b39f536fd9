using ImagePin.References;
using ImagePin.Registry;

namespace ImagePin.Resolution;

/// <summary>Checks a pin's parts before anything goes on the wire, so bad input gets a message naming the bad part.</summary>
internal static class PinArguments
{
    /// <exception cref="RegistryException">Kind <see cref="RegistryErrorKind.InvalidReference"/>.</exception>
    public static void Validate(string registry, string repository, string? tag, string pinnedDigest)
    {
        if (!ReferenceParts.IsValidDigest(pinnedDigest))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"pinned digest '{ReferenceParts.Shorten(pinnedDigest)}' is not a valid sha256/sha512 digest");
        RegistryConnection.Validate(registry, repository, pinnedDigest);
        if (tag is null) return;
        if (ReferenceParts.IsDigest(tag))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"'{ReferenceParts.Shorten(tag)}' is not a tag (tags cannot contain ':')");
        RegistryConnection.Validate(registry, repository, tag);
    }
}
