using System.Collections.Concurrent;

namespace ImagePin.Tests.Freshness.Support;

/// <summary>Records every request that reaches the wire, to prove a run reads each thing once.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    public ConcurrentQueue<string> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The full URI: the client's https→http fallback on loopback is one read tried on two schemes, not a repeat.
        Requests.Enqueue($"{request.Method} {request.RequestUri}");
        return base.SendAsync(request, cancellationToken);
    }
}
