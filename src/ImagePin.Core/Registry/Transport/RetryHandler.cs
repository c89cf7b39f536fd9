using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Retries 429, 502, 503, 504 and connection failures with exponential backoff and jitter, honouring
/// Retry-After; each attempt has its own timeout and all attempts together a bound.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(RegistryOptions options, HttpMessageHandler inner) : base(inner)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(options.MaxRetryTime);
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
            });
        }
        _pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async ct =>
            {
                request.Options.Set(RequestContext.Attempts, ++attempts);
                return await base.SendAsync(request, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new RegistryException(RegistryErrorKind.Timeout,
                $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)} timed out after {Attempts(attempts)} ({e.Timeout.TotalSeconds:0.#} s)", e);
        }
    }

    private static string Attempts(int n) => n == 1 ? "1 attempt" : $"{n} attempts";

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result!.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        TimeoutRejectedException => true,
        // The sockets handler's connect timeout is a cancellation nobody asked for (its inner exception says so).
        OperationCanceledException { InnerException: TimeoutException } => true,
        // Nobody listening is an answer, not a hiccup: retrying it only delays the report (skopeo fails at once too).
        HttpRequestException { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } } => false,
        // A connection the address guard refused is a security decision: asking again changes nothing.
        HttpRequestException h when RegistryConnection.Refusal(h) is not null => false,
        HttpRequestException h => h.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
            or HttpRequestError.Unknown or HttpRequestError.ProxyTunnelError,
        _ => false,
    };

    /// <summary>The server's Retry-After (seconds or HTTP date), capped; null lets the backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null) return null;
        return wait.Value < TimeSpan.Zero ? TimeSpan.Zero : wait.Value > cap ? cap : wait.Value;
    }
}
