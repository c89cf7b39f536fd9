using System.Collections.Concurrent;
using System.Net.Http;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Remembers hosts that cannot be reached at all (connection refused, no such name, TLS refused) once their
/// retries are spent, and fails later requests to them at once, so a dead registry costs one image's retries
/// per run, not every image's.
/// </summary>
internal sealed class HostHealthHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, string> _down = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the host was marked down, when it was.</summary>
    public string? DownReason(string authority) => _down.GetValueOrDefault(authority);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri!.Authority;
        if (_down.TryGetValue(authority, out var reason))
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{reason}; not tried again in this run", null);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsUnreachable(e))
        {
            _down.TryAdd(authority, e.Message);
            throw;
        }
    }

    private static bool IsUnreachable(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
}
