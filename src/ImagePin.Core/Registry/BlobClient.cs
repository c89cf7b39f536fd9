using ImagePin.References;
using ImagePin.Registry.Oci;

namespace ImagePin.Registry;

/// <summary>Blob operations: small blobs read whole (configs, attestations), large ones (layers) as verifying streams.</summary>
internal sealed class BlobClient(RegistryConnection connection)
{
    /// <summary>A blob whose bytes hash to <paramref name="digest"/>, at most <see cref="RegistryOptions.MaxBlobBytes"/> long.</summary>
    public async Task<byte[]> GetAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        var (response, where) = await SendAsync(registry, repository, digest, ct).ConfigureAwait(false);
        using (response)
        {
            var bytes = await connection.ReadCappedAsync(response, connection.Options.MaxBlobBytes, where, ct).ConfigureAwait(false);
            ManifestClient.Verify(digest, bytes, where);
            return bytes;
        }
    }

    /// <summary>An image config blob, parsed.</summary>
    public async Task<ImageConfig> GetConfigAsync(string registry, string repository, string digest, CancellationToken ct) =>
        ImageConfig.Parse(await GetAsync(registry, repository, digest, ct).ConfigureAwait(false), $"{registry}/{repository}@{digest}");

    /// <summary>
    /// A blob as a stream that hashes what it reads and fails when the whole of it does not match
    /// <paramref name="digest"/> or passes <paramref name="maxBytes"/>. A reader that stops early gets no proof of
    /// the bytes it did not read; disposing the stream closes the connection.
    /// </summary>
    public async Task<Stream> OpenAsync(string registry, string repository, string digest, long maxBytes, CancellationToken ct)
    {
        var (response, where) = await SendAsync(registry, repository, digest, ct).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentLength > maxBytes)
                throw new RegistryException(RegistryErrorKind.TooLarge, $"{where} is {response.Content.Headers.ContentLength} bytes, over the {maxBytes}-byte limit");
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new VerifyingStream(body, response, digest, maxBytes, where, connection.Options.RequestTimeout);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<(HttpResponseMessage Response, string Where)> SendAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        RegistryConnection.Validate(registry, repository, digest);
        if (!ReferenceParts.IsDigest(digest))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"blob reference '{digest}' is not a sha256/sha512 digest");
        var where = $"blob {RegistryConnection.Location(registry, repository, digest)}";
        var response = await connection.SendAsync(HttpMethod.Get, registry, repository, $"blobs/{digest}", null, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return (response, where);
        using (response) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
    }
}
