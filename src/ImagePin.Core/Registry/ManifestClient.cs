using System.Net;
using ImagePin.References;
using ImagePin.Registry.Oci;

namespace ImagePin.Registry;

/// <summary>
/// Manifest operations: HEAD and GET by tag or digest, existence, and the OCI referrers API. Every manifest it
/// returns has bytes checked against the digest asked for or claimed.
/// </summary>
internal sealed class ManifestClient(RegistryConnection connection)
{
    /// <summary>
    /// What a tag or digest points to, proven before anyone writes or prints it. Everywhere but Docker Hub: one GET,
    /// the body hashed (and compared with Docker-Content-Digest when sent), so the fetched manifest comes back too.
    /// On Docker Hub, where a GET counts toward the pull rate limit and a HEAD does not: the HEAD's digest, when
    /// well-formed, confirmed by a HEAD by that digest (or taken alone with <see cref="RegistryOptions.TrustHeadDigest"/>);
    /// a HEAD without a usable digest falls back to the GET.
    /// </summary>
    public async Task<(Descriptor Descriptor, Manifest? Fetched)> ResolveAsync(string registry, string repository, string tagOrDigest, CancellationToken ct)
    {
        if (connection.Options.Routing.IsDockerHub(registry) && await HeadConfirmedAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false) is { } head)
            return (head, null);
        var manifest = await GetAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false);
        return (manifest.ToDescriptor(), manifest);
    }

    private async Task<Descriptor?> HeadConfirmedAsync(string registry, string repository, string tagOrDigest, CancellationToken ct)
    {
        var claimed = await HeadAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false);
        if (claimed is null || ReferenceParts.IsDigest(tagOrDigest) || connection.Options.TrustHeadDigest) return claimed;

        // The second source: the registry must also serve a manifest under the digest it claimed for the tag.
        var where = RegistryConnection.Location(registry, repository, tagOrDigest);
        using var confirm = await connection.SendAsync(HttpMethod.Head, registry, repository, $"manifests/{claimed.Digest}", MediaTypes.Manifests, ct).ConfigureAwait(false);
        if (confirm.StatusCode == HttpStatusCode.NotFound)
            throw new RegistryException(RegistryErrorKind.DigestMismatch,
                $"{where}: {registry} answered the tag with Docker-Content-Digest {claimed.Digest} but holds no manifest with that digest (HEAD by digest: HTTP 404); refusing it (a proxy or mirror may be rewriting headers)");
        if (!confirm.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(confirm, registry, where, ct).ConfigureAwait(false);
        var again = ClaimedDigest(confirm, where, registry);
        if (again is not null && again != claimed.Digest)
            throw new RegistryException(RegistryErrorKind.DigestMismatch,
                $"{where}: {registry} answered the tag with Docker-Content-Digest {claimed.Digest} and that digest with {again}; refusing both");
        return claimed;
    }

    /// <summary>
    /// What a tag or digest points to according to a HEAD's Docker-Content-Digest, unverified (the caller confirms
    /// it); null when the registry sends no digest or an unknown media type, or does not answer HEAD.
    /// </summary>
    private async Task<Descriptor?> HeadAsync(string registry, string repository, string tagOrDigest, CancellationToken ct)
    {
        RegistryConnection.Validate(registry, repository, tagOrDigest);
        var where = RegistryConnection.Location(registry, repository, tagOrDigest);
        using var head = await connection.SendAsync(HttpMethod.Head, registry, repository, $"manifests/{tagOrDigest}", MediaTypes.Manifests, ct).ConfigureAwait(false);
        if (head.IsSuccessStatusCode)
        {
            var claimed = ClaimedDigest(head, where, registry);
            var mediaType = head.Content.Headers.ContentType?.MediaType;
            if (claimed is null || !MediaTypes.IsKnownManifest(mediaType)) return null;
            if (ReferenceParts.IsDigest(tagOrDigest) && claimed != tagOrDigest)
                throw new RegistryException(RegistryErrorKind.DigestMismatch, $"{where}: {registry} answered with digest {claimed}");
            return new Descriptor(mediaType!, claimed, head.Content.Headers.ContentLength ?? -1);
        }
        if (head.StatusCode == HttpStatusCode.NotFound)
            throw await NotFoundAsync(head, registry, repository, tagOrDigest, where, ct).ConfigureAwait(false);
        if (head.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented) return null;
        throw await RegistryErrors.FromResponseAsync(head, registry, where, ct).ConfigureAwait(false);
    }

    /// <summary>A manifest or index whose bytes were checked against the digest asked for or claimed.</summary>
    public async Task<Manifest> GetAsync(string registry, string repository, string tagOrDigest, CancellationToken ct)
    {
        RegistryConnection.Validate(registry, repository, tagOrDigest);
        var where = RegistryConnection.Location(registry, repository, tagOrDigest);
        using var response = await connection.SendAsync(HttpMethod.Get, registry, repository, $"manifests/{tagOrDigest}", MediaTypes.Manifests, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) throw await NotFoundAsync(response, registry, repository, tagOrDigest, where, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        var claimed = ClaimedDigest(response, where, registry);
        var asked = ReferenceParts.IsDigest(tagOrDigest) ? tagOrDigest : null;
        if (asked is not null && claimed is not null && claimed != asked)
            throw new RegistryException(RegistryErrorKind.DigestMismatch, $"{where}: {registry} answered with digest {claimed}");
        var bytes = await connection.ReadCappedAsync(response, connection.Options.MaxManifestBytes, where, ct).ConfigureAwait(false);
        var digest = Verify(asked ?? claimed, bytes, where, asked is null ? $"{registry} sent Docker-Content-Digest" : "asked for digest");
        return ManifestParser.Parse(digest, response.Content.Headers.ContentType?.MediaType, bytes, where);
    }

    /// <summary>Whether the repository holds a manifest with this digest (or tag).</summary>
    public async Task<bool> ExistsAsync(string registry, string repository, string tagOrDigest, CancellationToken ct)
    {
        RegistryConnection.Validate(registry, repository, tagOrDigest);
        var where = RegistryConnection.Location(registry, repository, tagOrDigest);
        using var response = await connection.SendAsync(HttpMethod.Head, registry, repository, $"manifests/{tagOrDigest}", MediaTypes.Manifests, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The manifests that refer to <paramref name="digest"/> (OCI 1.1 referrers API, filtered by artifact type when
    /// given); null when the registry does not implement the API (404), so the caller may try the referrers tag schema.
    /// </summary>
    public async Task<IReadOnlyList<Descriptor>?> GetReferrersAsync(string registry, string repository, string digest, string? artifactType, CancellationToken ct)
    {
        RegistryConnection.Validate(registry, repository, digest);
        if (!ReferenceParts.IsDigest(digest))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"referrers are asked for by digest, not '{digest}'");
        var where = $"referrers of {RegistryConnection.Location(registry, repository, digest)}";
        var query = artifactType is null ? "" : "?artifactType=" + Uri.EscapeDataString(artifactType);
        using var response = await connection.SendAsync(HttpMethod.Get, registry, repository, $"referrers/{digest}{query}", [MediaTypes.OciIndex], ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        // The referrers list is generated by the registry, so it has no digest to check.
        var bytes = await connection.ReadCappedAsync(response, connection.Options.MaxManifestBytes, where, ct).ConfigureAwait(false);
        var index = ManifestParser.Parse(Digest.Sha256(bytes), MediaTypes.OciIndex, bytes, where);
        return artifactType is null ? index.Manifests : index.Manifests.Where(m => m.ArtifactType == artifactType).ToList();
    }

    /// <summary>
    /// A 404 for a manifest: whether the repository or only the tag is missing. Registries answer both with
    /// MANIFEST_UNKNOWN (and a HEAD with no body at all), so the tag list, which only a missing repository
    /// refuses, tells them apart: one more request, on the failure path only.
    /// </summary>
    private async Task<RegistryException> NotFoundAsync(HttpResponseMessage response, string registry, string repository, string tagOrDigest, string where, CancellationToken ct)
    {
        var reported = await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        if (reported.Message.Contains("NAME_UNKNOWN", StringComparison.Ordinal)) return reported;
        try
        {
            using var tags = await connection.SendAsync(HttpMethod.Get, registry, repository, "tags/list?n=1", null, ct).ConfigureAwait(false);
            if (tags.StatusCode == HttpStatusCode.NotFound)
                return new RegistryException(RegistryErrorKind.NotFound, $"{where}: {registry} has no such repository (HTTP 404 NAME_UNKNOWN)");
            if (tags.IsSuccessStatusCode)
                return new RegistryException(RegistryErrorKind.NotFound, ReferenceParts.IsDigest(tagOrDigest)
                    ? $"{where}: the repository has no such manifest (HTTP 404 MANIFEST_UNKNOWN)"
                    : $"{where}: the repository has no tag '{tagOrDigest}' (HTTP 404 MANIFEST_UNKNOWN)");
        }
        catch (RegistryException)
        {
            // The probe is only for a better message; the 404 stands as reported.
        }
        return reported;
    }

    private static string? ClaimedDigest(HttpResponseMessage response, string where, string registry)
    {
        if (!response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values)) return null;
        var value = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        return ReferenceParts.IsValidDigest(value) ? value
            : throw new RegistryException(RegistryErrorKind.Protocol, $"{where}: {registry} sent a malformed Docker-Content-Digest '{ReferenceParts.Shorten(value)}'");
    }

    /// <summary>The digest of <paramref name="bytes"/>, which must equal <paramref name="expected"/> when there is one.</summary>
    /// <param name="source">Where <paramref name="expected"/> came from, for the message.</param>
    internal static string Verify(string? expected, byte[] bytes, string where, string source = "the registry claims digest")
    {
        if (expected is null) return Digest.Sha256(bytes);
        var actual = Digest.ComputeLike(expected, bytes);
        if (actual != expected)
            throw new RegistryException(RegistryErrorKind.DigestMismatch,
                $"{where}: {source} {expected} but the {bytes.Length} bytes it sent hash to {actual}; refusing the content (a proxy or mirror may be rewriting responses)");
        return actual;
    }
}
