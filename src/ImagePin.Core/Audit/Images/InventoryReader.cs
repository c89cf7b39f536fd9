using System.Collections.Concurrent;
using ImagePin.Audit.Layers;
using ImagePin.Audit.Packages;
using ImagePin.Audit.Sbom;
using ImagePin.Audit.Vulnerabilities;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Audit.Images;

/// <summary>Where an image's package list came from.</summary>
internal enum InventorySource
{
    /// <summary>The BuildKit SBOM attestation beside the image in its index.</summary>
    Sbom,

    /// <summary>The package databases read from the image's layers.</summary>
    Layers,
}

/// <summary>Which inventory the audit may use: the SBOM attestation when there is one (else layers), or always the layers.</summary>
internal enum InventoryMode
{
    Auto,
    Layers,
}

/// <summary>
/// One platform image's OS packages and release, with what reading them cost.
/// <paramref name="ReleaseSource"/> is <c>os-release</c> (read from the layers), <c>base-files</c> (Debian's
/// base-files package in the dpkg database, which ships os-release; used when os-release lies below the top-most
/// database) or <c>sbom</c> (the release its OS packages' purls name). <paramref name="BytesDownloaded"/> counts layer or SBOM bytes pulled from the
/// registry; <paramref name="LayerBytes"/> is what all the image's layers declare.
/// </summary>
internal sealed record ImageInventoryResult(
    string ManifestDigest,
    InventorySource Source,
    OsRelease? Release,
    string? ReleaseSource,
    IReadOnlyList<InstalledPackage> Packages,
    int OtherPackages,
    long BytesDownloaded,
    long LayerBytes,
    int LayersOpened,
    IReadOnlyList<string> Notes)
{
    /// <summary>The OSV ecosystem of the release, or null when it is not Debian, Ubuntu or Alpine (or unknown).</summary>
    public string? Ecosystem => Release is null ? null : OsvEcosystem.FromOsRelease(Release);
}

/// <summary>An image whose inventory could not be read: hostile or damaged layers, a broken SBOM, an oversized database.</summary>
internal sealed class InventoryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads what OS packages a platform image holds, from the registry only. First choice: the BuildKit SBOM
/// attestation in the same index (<c>vnd.docker.reference.type: attestation-manifest</c> whose
/// <c>vnd.docker.reference.digest</c> is the image, then its layer whose <c>in-toto.io/predicate-type</c> is SPDX).
/// Otherwise the layers are streamed top-down and reading stops once the package database and os-release are
/// settled (<see cref="ImageFileFinder"/>). Each image is read once per run.
/// </summary>
internal sealed class InventoryReader(RegistryContent content, InventoryMode mode, LayerLimits? limits = null)
{
    public const string PredicateTypeAnnotation = "in-toto.io/predicate-type";

    private readonly LayerLimits _limits = limits ?? new LayerLimits();
    private readonly ConcurrentDictionary<(string, string, string), Lazy<Task<ImageInventoryResult>>> _read = new();

    /// <param name="index">The index the image was found in (its attestations live there); null for a single image.</param>
    /// <exception cref="InventoryException">The image's SBOM or layers cannot be read.</exception>
    /// <exception cref="RegistryException">The registry failed.</exception>
    public Task<ImageInventoryResult> ReadAsync(string registry, string repository, Manifest? index, string manifestDigest, CancellationToken ct) =>
        _read.GetOrAdd((registry, repository, manifestDigest),
            _ => new Lazy<Task<ImageInventoryResult>>(() => ReadOnceAsync(registry, repository, index, manifestDigest, CancellationToken.None))).Value.WaitAsync(ct);

    private async Task<ImageInventoryResult> ReadOnceAsync(string registry, string repository, Manifest? index, string manifestDigest, CancellationToken ct)
    {
        var manifest = await content.GetManifestAsync(registry, repository, manifestDigest, ct).ConfigureAwait(false);
        if (manifest.IsIndex)
            throw new InventoryException($"{registry}/{repository}@{manifestDigest} is an index inside an index; nested indexes are not audited");
        var layerBytes = manifest.Layers.Sum(l => Math.Max(0, l.Size));
        var notes = new List<string>();
        if (mode == InventoryMode.Auto && index is not null)
        {
            var fromSbom = await FromSbomAsync(registry, repository, index, manifestDigest, layerBytes, notes, ct).ConfigureAwait(false);
            if (fromSbom is not null) return fromSbom;
        }
        return await FromLayersAsync(registry, repository, manifest, layerBytes, notes, ct).ConfigureAwait(false);
    }

    private async Task<ImageInventoryResult?> FromSbomAsync(string registry, string repository, Manifest index, string manifestDigest,
        long layerBytes, List<string> notes, CancellationToken ct)
    {
        foreach (var attestation in index.AttestationsOf(manifestDigest))
        {
            var statement = await content.GetManifestAsync(registry, repository, attestation.Digest, ct).ConfigureAwait(false);
            foreach (var layer in statement.Layers.Where(IsSpdx))
            {
                SbomContents sbom;
                try
                {
                    if (layer.Size > content.MaxBlobBytes)
                        throw new SbomFormatException($"{layer.Size} bytes, over the {content.MaxBlobBytes}-byte limit for whole blobs");
                    sbom = SbomAttestationParser.Parse(await content.GetBlobAsync(registry, repository, layer.Digest, ct).ConfigureAwait(false));
                }
                catch (Exception e) when (e is SbomFormatException or RegistryException { Kind: RegistryErrorKind.TooLarge or RegistryErrorKind.DigestMismatch or RegistryErrorKind.Protocol })
                {
                    notes.Add($"SBOM attestation {layer.Digest} unreadable ({e.Message}); read the layers instead");
                    continue;
                }
                // The release comes from os-release as the SBOM records it (its operating-system package, or the
                // package that ships os-release), never from the purls' distro qualifiers: those are a generator's
                // label, checked against it here but not trusted for choosing the vulnerability data.
                var (release, releaseSource) = sbom.DeclaredOs is { } declared && OsvEcosystem.FromOsRelease(declared) is not null ? (declared, "sbom")
                    : OsReleaseOwner.FromPackages(sbom.OsPackages) is { } owned ? owned : ((OsRelease?)null, (string?)null);
                if (release is null)
                {
                    notes.Add($"SBOM attestation {layer.Digest} does not say which Debian, Ubuntu or Alpine release its packages are from (no operating-system package, no base-files or alpine-release version naming one; purl qualifiers are not used for that); read the layers instead");
                    continue;
                }
                if (sbom.ClaimedDistro is { } claimed && OsvEcosystem.FromOsRelease(claimed) is { } claimedEcosystem
                    && claimedEcosystem != OsvEcosystem.FromOsRelease(release))
                    notes.Add($"SBOM attestation {layer.Digest}: its purls say {claimedEcosystem}, its {releaseSource} says {OsvEcosystem.FromOsRelease(release)}; the latter is used");
                return new ImageInventoryResult(manifestDigest, InventorySource.Sbom, release, releaseSource, sbom.OsPackages, sbom.OtherPackageCount,
                    statement.Bytes.Length + layer.Size, layerBytes, 0, notes);
            }
        }
        return null;
    }

    private static bool IsSpdx(Descriptor layer) =>
        layer.Annotation(PredicateTypeAnnotation) is { } type
        && (type == SbomAttestationParser.SpdxPredicate || type.StartsWith(SbomAttestationParser.SpdxPredicate + "/v2.", StringComparison.Ordinal));

    private async Task<ImageInventoryResult> FromLayersAsync(string registry, string repository, Manifest manifest, long layerBytes,
        List<string> notes, CancellationToken ct)
    {
        var layers = manifest.Layers.Reverse().ToList();
        ImageFiles files;
        try
        {
            files = await content.StreamBlobsAsync(registry, (open, token) => ImageFileFinder.FindAsync(
                layers.Select(l => new LayerSource(l.MediaType, l.Size)).ToList(),
                (i, t) => open(repository, layers[i].Digest, _limits.MaxLayerBytes, t), _limits, token, DebianBaseFiles.NamesRelease), ct).ConfigureAwait(false);
        }
        catch (LayerReadException e)
        {
            throw new InventoryException($"{registry}/{repository}@{manifest.Digest}: {e.Message} (layers counted top-down, 0 = the last)", e);
        }
        catch (RegistryException e) when (e.Kind is RegistryErrorKind.DigestMismatch or RegistryErrorKind.TooLarge)
        {
            throw new InventoryException($"{registry}/{repository}@{manifest.Digest}: {e.Message}", e);
        }
        ImageInventory inventory;
        try
        {
            inventory = ImageInventory.From(files);
        }
        catch (PackageDatabaseException e)
        {
            throw new InventoryException($"{registry}/{repository}@{manifest.Digest}: {e.Message}", e);
        }
        var (release, releaseSource) = inventory.Release is { } osRelease ? (osRelease, "os-release")
            : DebianBaseFiles.Release(inventory.Packages) is { } fromBaseFiles ? (fromBaseFiles, "base-files") : ((OsRelease?)null, (string?)null);
        if (release is null) notes.Add("no os-release in the image: its release is unknown");
        if (files.DpkgStatus is null && files.DpkgStatusD.Count == 0 && files.ApkInstalled is null)
            notes.Add("no dpkg or apk package database in the image (scratch, static or distroless-static image?)");
        return new ImageInventoryResult(manifest.Digest, InventorySource.Layers, release, releaseSource,
            inventory.Packages, 0, files.CompressedBytesRead, layerBytes, files.Layers.Count(l => l.Opened), notes);
    }
}
