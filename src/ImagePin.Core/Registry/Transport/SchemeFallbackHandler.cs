using System.Collections.Concurrent;
using System.Net;
using System.Runtime.ExceptionServices;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Requests arrive as https. Loopback and user-listed insecure registries fall back to plain http when
/// https fails, as Docker does; the scheme a registry answered on is remembered for the rest of the run, and
/// until it is known one request at a time finds it out (not six parallel https probes of a plain-http registry).
/// </summary>
internal sealed class SchemeFallbackHandler(RegistryRouting routing, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, bool> _plainHttp = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _https = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _probes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registry at this authority has answered over plain http in this run.</summary>
    public bool IsPlainHttp(string authority) => _plainHttp.ContainsKey(authority);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri.Scheme != Uri.UriSchemeHttps) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var authority = uri.Authority;
        if (!routing.IsInsecure(authority) || _https.ContainsKey(authority))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_plainHttp.ContainsKey(authority)) return await SendPlainAsync(request, uri, cancellationToken).ConfigureAwait(false);

        var probe = _probes.GetOrAdd(authority, _ => new SemaphoreSlim(1, 1));
        await probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Found out while this request waited.
            if (_plainHttp.ContainsKey(authority)) return await SendPlainAsync(request, uri, cancellationToken).ConfigureAwait(false);
            if (_https.ContainsKey(authority)) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return await ProbeAsync(request, uri, authority, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            probe.Release();
        }
    }

    private async Task<HttpResponseMessage> SendPlainAsync(HttpRequestMessage request, Uri uri, CancellationToken cancellationToken)
    {
        request.RequestUri = ToHttp(uri);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> ProbeAsync(HttpRequestMessage request, Uri uri, string authority, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _https[authority] = true;
            return response;
        }
        catch (HttpRequestException httpsFailure)
        {
            var response = await TryPlainHttpAsync(request, uri, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                request.RequestUri = uri;
                ExceptionDispatchInfo.Throw(httpsFailure);
            }
            _plainHttp[authority] = true;
            return response;
        }
    }

    private async Task<HttpResponseMessage?> TryPlainHttpAsync(HttpRequestMessage request, Uri httpsUri, CancellationToken cancellationToken)
    {
        request.RequestUri = ToHttp(httpsUri);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.BadRequest) return response;
            // A TLS-only server answering plain http ("client sent an HTTP request to an HTTPS server"):
            // the https failure, e.g. an untrusted certificate, is the one to report.
            response.Dispose();
        }
        catch (HttpRequestException)
        {
            // Neither scheme works: the https failure is the one to report.
        }
        return null;
    }

    private static Uri ToHttp(Uri uri)
    {
        // Keep the explicit port: registry ports are not scheme defaults, and port 443 stays 443.
        var builder = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port };
        return builder.Uri;
    }
}
