namespace ImagePin.Registry.Oci;

/// <summary>A fetched image manifest or index whose bytes hash to <see cref="Digest"/>.</summary>
/// <param name="Manifests">An index's entries; empty for an image manifest.</param>
/// <param name="Config">An image manifest's config blob; null for an index.</param>
/// <param name="Layers">An image manifest's layers, base first; empty for an index.</param>
/// <param name="Subject">The manifest this one refers to (OCI 1.1 referrers), when any.</param>
internal sealed record Manifest(
    string Digest,
    string MediaType,
    byte[] Bytes,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyDictionary<string, string> Annotations,
    string? ArtifactType = null,
    Descriptor? Subject = null)
{
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>An index's entries that are images (attestations left out).</summary>
    public IEnumerable<Descriptor> Images => Manifests.Where(m => !m.IsAttestation);

    /// <summary>An index's image entry for <paramref name="platform"/>, when it has one.</summary>
    public Descriptor? ImageFor(Platform platform) => Images.FirstOrDefault(m => m.Platform == platform);

    /// <summary>The platforms an index has images for, each once.</summary>
    public IReadOnlyList<Platform> Platforms => Images.Select(m => m.Platform).OfType<Platform>().Distinct().ToList();

    /// <summary>The attestation manifests in an index that describe <paramref name="manifestDigest"/>.</summary>
    public IEnumerable<Descriptor> AttestationsOf(string manifestDigest) => Manifests.Where(m => m.AttestsTo == manifestDigest);

    /// <summary>The descriptor that points at this manifest.</summary>
    public Descriptor ToDescriptor() => new(MediaType, Digest, Bytes.Length, null, Annotations, ArtifactType);
}
