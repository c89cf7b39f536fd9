using System.Net;
using System.Net.Http.Headers;
using ImagePin.Registry.Credentials;
using ImagePin.Registry.Transport;

namespace ImagePin.Registry;

/// <summary>
/// The OCI Distribution API calls imagepin needs, over a handler chain
/// auth → redirects → http fallback → retry/timeouts → counting → sockets. Every body it returns has been
/// checked against the digest the registry claimed or the caller asked for.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly HttpClient _http;
    private readonly RequestCountingHandler _counter;

    public RegistryClient(RegistryOptions options, ICredentialSource credentials, HttpMessageHandler? innerHandlerForTests = null)
    {
        _options = options;
        var tls = new TlsValidation(options.CaFile, options.InsecureRegistries);
        var sockets = innerHandlerForTests ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(options.MaxConcurrencyPerRegistry, 2),
            SslOptions = { RemoteCertificateValidationCallback = tls.Validate },
        };
        _counter = new RequestCountingHandler(sockets);
        var fallback = new SchemeFallbackHandler(options.InsecureRegistries, new RetryHandler(options, _counter));
        var redirects = new RedirectHandler(fallback);
        var tokens = new TokenClient(new HttpMessageInvoker(redirects, disposeHandler: false), fallback.IsPlainHttp);
        _http = new HttpClient(new AuthHandler(credentials, tokens, redirects)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public RegistryOptions Options => _options;

    /// <summary>HTTP requests put on the wire so far (each attempt, token requests included).</summary>
    public int RequestCount => _counter.Count;

    /// <summary>
    /// The digest to pin for a tag or digest: without a platform the manifest or index itself (one HEAD when
    /// the registry sends Docker-Content-Digest); with one, that platform's manifest from the index.
    /// </summary>
    public async Task<ManifestDescriptor> ResolveAsync(string registry, string repository, string tagOrDigest, Platform? platform, CancellationToken ct)
    {
        ReferenceRules.Validate(registry, repository, tagOrDigest);
        var where = Location(registry, repository, tagOrDigest);
        if (platform is null)
        {
            using var head = await SendAsync(HttpMethod.Head, registry, repository, $"manifests/{tagOrDigest}", ct).ConfigureAwait(false);
            if (head.IsSuccessStatusCode)
            {
                var claimed = ClaimedDigest(head, where);
                var mediaType = head.Content.Headers.ContentType?.MediaType;
                if (claimed is not null && MediaTypes.IsKnownManifest(mediaType))
                {
                    if (ReferenceRules.IsDigest(tagOrDigest) && claimed != tagOrDigest)
                        throw new RegistryException(RegistryErrorKind.DigestMismatch, $"{where}: the registry answered with digest {claimed}");
                    return new ManifestDescriptor(claimed, mediaType!, head.Content.Headers.ContentLength ?? -1, MediaTypes.IsIndex(mediaType));
                }
            }
            else if (head.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented))
            {
                throw await RegistryErrors.FromResponseAsync(head, registry, where, ct).ConfigureAwait(false);
            }
            var fetched = await GetManifestAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false);
            return new ManifestDescriptor(fetched.Digest, fetched.MediaType, fetched.Bytes.Length, fetched.IsIndex);
        }

        var manifest = await GetManifestAsync(registry, repository, tagOrDigest, ct).ConfigureAwait(false);
        if (manifest.IsIndex)
        {
            var child = manifest.Children.FirstOrDefault(c => c.Platform == platform);
            if (child is null)
            {
                var available = manifest.Children.Where(c => c.Platform is not null && c.Platform.Os != "unknown").Select(c => c.Platform!.ToString()).Distinct().ToList();
                throw new RegistryException(RegistryErrorKind.PlatformNotFound,
                    $"{where} has no manifest for platform {platform}; available: {(available.Count == 0 ? "(none declared)" : string.Join(", ", available))}");
            }
            return new ManifestDescriptor(child.Digest, child.MediaType, child.Size, MediaTypes.IsIndex(child.MediaType), platform, manifest.Digest);
        }
        // A single-platform image: its config says which platform it is for.
        var config = await GetBlobAsync(registry, repository, manifest.ConfigDigest!, ct).ConfigureAwait(false);
        var actual = ManifestParser.ParseConfigPlatform(config, $"{where} ({manifest.ConfigDigest})");
        if (actual != platform)
            throw new RegistryException(RegistryErrorKind.PlatformNotFound,
                $"{where} is a single-platform image for {actual?.ToString() ?? "(unknown platform)"}, not {platform}");
        return new ManifestDescriptor(manifest.Digest, manifest.MediaType, manifest.Bytes.Length, false, platform);
    }

    /// <summary>A manifest or index whose bytes were checked against the digest asked for or claimed.</summary>
    public async Task<Manifest> GetManifestAsync(string registry, string repository, string reference, CancellationToken ct)
    {
        ReferenceRules.Validate(registry, repository, reference);
        var where = Location(registry, repository, reference);
        using var response = await SendAsync(HttpMethod.Get, registry, repository, $"manifests/{reference}", ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        var claimed = ClaimedDigest(response, where);
        if (ReferenceRules.IsDigest(reference) && claimed is not null && claimed != reference)
            throw new RegistryException(RegistryErrorKind.DigestMismatch, $"{where}: the registry answered with digest {claimed}");
        var bytes = await ReadCappedAsync(response, _options.MaxManifestBytes, where, ct).ConfigureAwait(false);
        var digest = Verify(ReferenceRules.IsDigest(reference) ? reference : claimed, bytes, where);
        return ManifestParser.Parse(digest, response.Content.Headers.ContentType?.MediaType, bytes, where);
    }

    /// <summary>Whether the repository holds a manifest with this digest (or tag).</summary>
    public async Task<bool> ManifestExistsAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        ReferenceRules.Validate(registry, repository, digest);
        var where = Location(registry, repository, digest);
        using var response = await SendAsync(HttpMethod.Head, registry, repository, $"manifests/{digest}", ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>A blob (e.g. an image config) whose bytes hash to <paramref name="digest"/>.</summary>
    public async Task<byte[]> GetBlobAsync(string registry, string repository, string digest, CancellationToken ct)
    {
        ReferenceRules.Validate(registry, repository, digest);
        if (!ReferenceRules.IsDigest(digest))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"blob reference '{digest}' is not a sha256/sha512 digest");
        var where = $"blob {Location(registry, repository, digest)}";
        using var response = await SendAsync(HttpMethod.Get, registry, repository, $"blobs/{digest}", ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, registry, where, ct).ConfigureAwait(false);
        var bytes = await ReadCappedAsync(response, _options.MaxBlobBytes, where, ct).ConfigureAwait(false);
        Verify(digest, bytes, where);
        return bytes;
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string registry, string repository, string path, CancellationToken ct)
    {
        var authority = RegistryHosts.ApiAuthority(registry);
        using var request = new HttpRequestMessage(method, new Uri($"https://{authority}/v2/{repository}/{path}"));
        request.Options.Set(RequestContext.Registry, registry);
        request.Options.Set(RequestContext.Repository, repository);
        if (path.StartsWith("manifests/", StringComparison.Ordinal))
            foreach (var type in MediaTypes.Manifests) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var attempts = request.Options.TryGetValue(RequestContext.Attempts, out var n) ? n : 1;
            throw new RegistryException(RegistryErrorKind.Network, $"cannot reach {registry}: {Innermost(e)} (after {attempts} attempt(s))", e);
        }
    }

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (!messages.Contains(x.Message)) messages.Add(x.Message);
        return string.Join(": ", messages.Where(m => !m.Contains("see inner exception", StringComparison.OrdinalIgnoreCase)).DefaultIfEmpty(e.Message));
    }

    private static string? ClaimedDigest(HttpResponseMessage response, string where)
    {
        if (!response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values)) return null;
        var value = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        return ContentDigest.IsValid(value) ? value
            : throw new RegistryException(RegistryErrorKind.Protocol, $"{where}: the registry sent a malformed Docker-Content-Digest '{(value.Length > 80 ? value[..80] + "…" : value)}'");
    }

    /// <summary>The digest of <paramref name="bytes"/>, which must equal <paramref name="expected"/> when there is one.</summary>
    private static string Verify(string? expected, byte[] bytes, string where)
    {
        if (expected is null) return ContentDigest.Sha256(bytes);
        var actual = ContentDigest.ComputeLike(expected, bytes);
        if (actual != expected)
            throw new RegistryException(RegistryErrorKind.DigestMismatch,
                $"{where}: the registry claims digest {expected} but the {bytes.Length} bytes it sent hash to {actual}; refusing the content");
        return actual;
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long max, string where, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > max)
            throw new RegistryException(RegistryErrorKind.TooLarge, $"{where} is {response.Content.Headers.ContentLength} bytes, over the {max}-byte limit");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                    throw new RegistryException(RegistryErrorKind.TooLarge, $"{where} is over the {max}-byte limit");
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RegistryException(RegistryErrorKind.Timeout, $"{where}: reading the body took over {_options.RequestTimeout.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RegistryException(RegistryErrorKind.Network, $"{where}: the connection failed while reading the body ({e.Message})", e);
        }
    }

    private static string Location(string registry, string repository, string reference) =>
        ReferenceRules.IsDigest(reference) ? $"{registry}/{repository}@{reference}" : $"{registry}/{repository}:{reference}";
}
