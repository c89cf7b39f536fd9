using System.Collections.Concurrent;
using System.Net;
using System.Runtime.ExceptionServices;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Requests arrive as https. Loopback and user-listed insecure registries fall back to plain http when
/// https fails, as Docker does; a registry that answered over http is remembered for the rest of the run.
/// </summary>
internal sealed class SchemeFallbackHandler(RegistryRouting routing, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, bool> _plainHttp = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registry at this authority has answered over plain http in this run.</summary>
    public bool IsPlainHttp(string authority) => _plainHttp.ContainsKey(authority);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri.Scheme != Uri.UriSchemeHttps) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var authority = uri.Authority;
        if (_plainHttp.ContainsKey(authority))
        {
            request.RequestUri = ToHttp(uri);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException httpsFailure) when (routing.IsInsecure(authority))
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
