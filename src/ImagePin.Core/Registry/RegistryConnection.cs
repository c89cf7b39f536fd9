using System.Net;
using System.Net.Http.Headers;
using ImagePin.References;
using ImagePin.Registry.Credentials;
using ImagePin.Registry.Transport;

namespace ImagePin.Registry;

/// <summary>
/// One round trip to a registry's <c>/v2/</c> API over the handler chain
/// auth → redirects → host health → http fallback → retry/timeouts → counting → sockets, with bounded body reads. The manifest
/// and blob clients build on it; nothing here knows what a manifest is.
/// </summary>
internal sealed class RegistryConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly RequestCountingHandler _counter;
    private readonly TlsValidation _tls;

    public RegistryConnection(RegistryOptions options, ICredentialSource credentials, HttpMessageHandler? innerHandlerForTests = null)
    {
        Options = options;
        var tls = _tls = new TlsValidation(options.CaFile, options.Routing);
        var sockets = innerHandlerForTests ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(options.MaxConcurrencyPerRegistry, 2),
            SslOptions = { RemoteCertificateValidationCallback = tls.Validate },
            ConnectCallback = new AddressGuard(options.ResolveHost).ConnectAsync,
        };
        _counter = new RequestCountingHandler(sockets);
        var fallback = new SchemeFallbackHandler(options.Routing, new RetryHandler(options, _counter));
        var redirects = new RedirectHandler(new HostHealthHandler(fallback));
        var tokens = new TokenClient(new HttpMessageInvoker(redirects, disposeHandler: false), fallback.IsPlainHttp, options.RequestTimeout, options.ResolveHost);
        _http = new HttpClient(new AuthHandler(credentials, tokens, redirects)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public RegistryOptions Options { get; }

    /// <summary>HTTP requests put on the wire so far (each attempt, token requests included).</summary>
    public int RequestCount => _counter.Count;

    /// <summary>Checks the parts before they become a URL: bad input never reaches the wire.</summary>
    /// <exception cref="RegistryException">Kind <see cref="RegistryErrorKind.InvalidReference"/>.</exception>
    public static void Validate(string registry, string repository, string tagOrDigest)
    {
        if (ReferenceParts.Problem(registry, repository, tagOrDigest) is { } problem)
            throw new RegistryException(RegistryErrorKind.InvalidReference, problem);
    }

    /// <param name="path">After <c>/v2/REPOSITORY/</c>, e.g. <c>manifests/TAG</c>.</param>
    /// <param name="accept">Media types for the Accept header, if any.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string registry, string repository, string path,
        IEnumerable<string>? accept, CancellationToken ct)
    {
        var authority = Options.Routing.AuthorityOf(registry);
        using var request = new HttpRequestMessage(method, new Uri($"https://{authority}/v2/{repository}/{path}"));
        // Credentials belong to the host actually asked: the mirror, when one serves this registry.
        request.Options.Set(RequestContext.Registry, Options.Routing.IsMirrored(registry) ? authority : registry);
        request.Options.Set(RequestContext.Repository, repository);
        foreach (var type in accept ?? []) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // Not the caller's cancellation: a timeout inside the handlers (the sockets handler's connect timeout).
            var attempts = request.Options.TryGetValue(RequestContext.Attempts, out var n) ? n : 1;
            throw new RegistryException(RegistryErrorKind.Timeout, $"cannot reach {registry}: {Innermost(e)}{(attempts > 1 ? $" (after {attempts} attempts)" : "")}", e);
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            throw new RegistryException(RegistryErrorKind.Security, $"{registry}: {refused.Message}", e);
        }
        catch (HttpRequestException e)
        {
            var attempts = request.Options.TryGetValue(RequestContext.Attempts, out var n) ? n : 1;
            var tls = e.HttpRequestError == HttpRequestError.SecureConnectionError ? _tls.Explain(new Uri($"https://{authority}").IdnHost) : null;
            throw new RegistryException(RegistryErrorKind.Network, $"cannot reach {registry}: {tls ?? Innermost(e)}{(attempts > 1 ? $" (after {attempts} attempts)" : "")}", e);
        }
    }

    /// <summary>The whole body, refused past <paramref name="max"/> bytes (declared or read) or the per-request time.</summary>
    public async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long max, string where, CancellationToken ct)
    {
        try
        {
            return await BoundedBody.ReadAsync(response.Content, max, Options.RequestTimeout, ct).ConfigureAwait(false)
                ?? throw new RegistryException(RegistryErrorKind.TooLarge, response.Content.Headers.ContentLength is { } length
                    ? $"{where} is {length} bytes, over the {max}-byte limit" : $"{where} is over the {max}-byte limit");
        }
        catch (TimeoutException e)
        {
            throw new RegistryException(RegistryErrorKind.Timeout, $"{where}: reading the body took over {Options.RequestTimeout.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RegistryException(RegistryErrorKind.Network, $"{where}: the connection failed while reading the body ({e.Message})", e);
        }
    }

    /// <summary><c>registry/repository:tag</c> or <c>registry/repository@digest</c>, for messages.</summary>
    public static string Location(string registry, string repository, string tagOrDigest) =>
        ReferenceParts.IsDigest(tagOrDigest) ? $"{registry}/{repository}@{tagOrDigest}" : $"{registry}/{repository}:{tagOrDigest}";

    public void Dispose() => _http.Dispose();

    internal static AddressRefusedException? Refusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is AddressRefusedException refused) return refused;
        return null;
    }

    /// <summary>The exception chain's messages, each once: an inner message already said by an outer one is left out.</summary>
    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var message = x.Message.Trim().TrimEnd('.');
            if (message.Contains("see inner exception", StringComparison.OrdinalIgnoreCase)) continue;
            if (!messages.Any(m => m.Contains(message, StringComparison.OrdinalIgnoreCase))) messages.Add(message);
        }
        return messages.Count == 0 ? e.Message : string.Join(": ", messages);
    }
}
