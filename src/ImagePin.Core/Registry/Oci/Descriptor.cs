namespace ImagePin.Registry.Oci;

/// <summary>An OCI content descriptor: what a manifest or index says about a piece of content it points to.</summary>
/// <param name="Size">Size in bytes, or -1 when not given.</param>
/// <param name="Platform">The platform of an index entry, when it names one.</param>
internal sealed record Descriptor(
    string MediaType,
    string Digest,
    long Size,
    Platform? Platform = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    string? ArtifactType = null)
{
    /// <summary>BuildKit marks the manifests of its attestations (SBOM, provenance) in an index with this annotation.</summary>
    public const string ReferenceTypeAnnotation = "vnd.docker.reference.type";

    /// <summary>The digest of the platform manifest an attestation describes.</summary>
    public const string ReferenceDigestAnnotation = "vnd.docker.reference.digest";

    public const string AttestationManifest = "attestation-manifest";

    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// An attestation manifest describes an image; it is not one. BuildKit marks them with the reference-type
    /// annotation and gives them the platform unknown/unknown; either mark counts.
    /// </summary>
    public bool IsAttestation =>
        Annotation(ReferenceTypeAnnotation) == AttestationManifest || Platform is { Os: "unknown", Architecture: "unknown" };

    /// <summary>For an attestation: the digest of the manifest it describes.</summary>
    public string? AttestsTo => IsAttestation ? Annotation(ReferenceDigestAnnotation) : null;

    public bool IsIndex => MediaTypes.IsIndex(MediaType);
}
