using System.Text.Json;
using ImagePin.Registry.Oci;

namespace ImagePin.Freshness;

/// <summary>
/// When a registry says a tag was last pushed. Unlike an image's created time, which whoever builds the image
/// writes, the push time is the registry's own record, so the update cool-down cannot be defeated by backdating.
/// Only Docker Hub exposes it (its tag API's <c>tag_last_pushed</c>); the OCI Distribution API has no push time.
/// </summary>
internal interface IPushTimes
{
    /// <returns>The push time, or null when the registry does not say (or cannot be asked).</returns>
    Task<DateTimeOffset?> TagPushedAsync(string registry, string repository, string tag, CancellationToken ct);
}

internal sealed class NoPushTimes : IPushTimes
{
    public static NoPushTimes Instance { get; } = new();

    public Task<DateTimeOffset?> TagPushedAsync(string registry, string repository, string tag, CancellationToken ct) => Task.FromResult<DateTimeOffset?>(null);
}

/// <summary>
/// Docker Hub's tag API (<c>hub.docker.com/v2/namespaces/NS/repositories/REPO/tags/TAG</c>), read without
/// credentials, bounded in bytes and time; any failure means "not known" (the created time is used instead), and
/// after one failure Hub is not asked again in the run.
/// </summary>
internal sealed class DockerHubPushTimes(HttpMessageInvoker http, TimeSpan timeout) : IPushTimes
{
    private const long MaxBytes = 256 * 1024;
    private volatile bool _unavailable;

    public async Task<DateTimeOffset?> TagPushedAsync(string registry, string repository, string tag, CancellationToken ct)
    {
        if (_unavailable || !IsDockerHub(registry) || repository.Split('/') is not [var ns, var name]) return null;
        var uri = new Uri($"https://hub.docker.com/v2/namespaces/{Uri.EscapeDataString(ns)}/repositories/{Uri.EscapeDataString(name)}/tags/{Uri.EscapeDataString(tag)}");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            var body = await Registry.Transport.BoundedBody.ReadAsync(response.Content, MaxBytes, timeout, ct).ConfigureAwait(false);
            if (body is null)
            {
                _unavailable = true; // too big or too slow: not Hub's tag API as we know it (a proxy, a captive portal)
                return null;
            }
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("tag_last_pushed", out var pushed)
                   && pushed.ValueKind == JsonValueKind.String && Rfc3339.Parse(pushed.GetString()!) is { } time && ImageCreated.IsReal(time)
                ? time : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or TimeoutException
                                      or (OperationCanceledException and not TaskCanceledException { CancellationToken.IsCancellationRequested: true }))
        {
            if (ct.IsCancellationRequested) throw;
            _unavailable = true;
            return null;
        }
    }

    private static bool IsDockerHub(string registry) => registry.ToLowerInvariant() is "docker.io" or "index.docker.io" or "registry-1.docker.io";
}
