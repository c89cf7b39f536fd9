namespace ImagePin.Registry.Transport;

/// <summary>
/// Counts HTTP requests put on the wire: every attempt and token request, but not connection attempts
/// that failed before a request could be sent (such as the https probe of a plain-http registry).
/// </summary>
internal sealed class RequestCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            Scanning.PhaseTrace.RequestSent();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Scanning.PhaseTrace.ResponseReceived();
            Interlocked.Increment(ref _count);
            return response;
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError)
        {
            throw;
        }
        catch
        {
            Interlocked.Increment(ref _count);
            throw;
        }
    }
}
