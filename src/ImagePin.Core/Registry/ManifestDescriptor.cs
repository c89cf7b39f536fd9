namespace ImagePin.Registry;

/// <summary>What a reference resolved to.</summary>
/// <param name="Digest">The digest to pin: the index's digest, or the platform's manifest digest when a platform was asked for.</param>
/// <param name="Size">Size in bytes, or -1 when the registry did not say.</param>
/// <param name="IsIndex">The pinned content is an OCI index or Docker manifest list.</param>
/// <param name="Platform">The platform picked, when one was asked for.</param>
/// <param name="IndexDigest">The index the platform's manifest was picked from, if any.</param>
internal sealed record ManifestDescriptor(string Digest, string MediaType, long Size, bool IsIndex, Platform? Platform = null, string? IndexDigest = null);

/// <summary>One entry of an index: a manifest and the platform it is for (absent in some indexes).</summary>
internal sealed record ManifestChild(string Digest, string MediaType, long Size, Platform? Platform);

/// <summary>A fetched manifest whose bytes hash to <see cref="Digest"/>.</summary>
/// <param name="Children">An index's manifests; empty for an image manifest.</param>
/// <param name="ConfigDigest">An image manifest's config blob; null for an index.</param>
internal sealed record Manifest(string Digest, string MediaType, byte[] Bytes, IReadOnlyList<ManifestChild> Children, string? ConfigDigest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);
}
