using System.Net;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Follows redirects itself (blob and manifest downloads are often redirected to storage hosts) so that
/// Authorization is kept only while the host stays the same and never leaves over a downgrade to http.
/// </summary>
internal sealed class RedirectHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
                return response;
            if (hop == MaxRedirects)
            {
                response.Dispose();
                throw new RegistryException(RegistryErrorKind.Protocol, $"more than {MaxRedirects} redirects from {request.RequestUri!.GetLeftPart(UriPartial.Path)}");
            }
            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            {
                response.Dispose();
                throw new RegistryException(RegistryErrorKind.Protocol, $"redirect from {current.RequestUri!.GetLeftPart(UriPartial.Path)} to unsupported scheme '{target.Scheme}'");
            }
            var next = new HttpRequestMessage(response.StatusCode == HttpStatusCode.SeeOther ? HttpMethod.Get : current.Method, target)
            {
                Version = current.Version,
                VersionPolicy = current.VersionPolicy,
            };
            var keepAuthorization = string.Equals(target.Authority, current.RequestUri!.Authority, StringComparison.OrdinalIgnoreCase)
                && !(current.RequestUri.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp);
            foreach (var header in current.Headers)
            {
                if (header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !keepAuthorization) continue;
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            foreach (var option in current.Options)
                ((IDictionary<string, object?>)next.Options)[option.Key] = option.Value;
            response.Dispose();
            if (!ReferenceEquals(current, request)) current.Dispose();
            current = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode code) => code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
