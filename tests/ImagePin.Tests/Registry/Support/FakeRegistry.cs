using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace ImagePin.Tests.Registry.Support;

/// <summary>An in-process stand-in for the network: answers with a function and records what it was sent.</summary>
internal sealed class FakeRegistry(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    public sealed record Seen(HttpMethod Method, Uri Uri, string? Authorization, string? Body);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public IEnumerable<Seen> To(string host) => Requests.Where(r => r.Uri.Host == host);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(new Seen(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult()));
        var response = respond(request, Requests.Count);
        response.RequestMessage ??= request;
        if (request.Method == HttpMethod.Head) StripBody(response);
        return Task.FromResult(response);
    }

    /// <summary>A HEAD answer carries the GET's headers (Content-Length included) and no body, as on the wire.</summary>
    private static void StripBody(HttpResponseMessage response)
    {
        var headers = response.Content.Headers.ToList();
        response.Content = new ByteArrayContent([]);
        foreach (var (name, values) in headers) response.Content.Headers.TryAddWithoutValidation(name, values);
    }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// A manifest answer; <paramref name="claimedDigest"/> goes into Docker-Content-Digest when given. The body is
    /// left out of HEAD answers whatever <paramref name="head"/> says (kept for callers that answer both alike).
    /// </summary>
    public static HttpResponseMessage Manifest(byte[] body, string mediaType, string? claimedDigest, bool head = false)
    {
        _ = head;
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        response.Content.Headers.ContentLength = body.Length;
        if (claimedDigest is not null) response.Headers.TryAddWithoutValidation("Docker-Content-Digest", claimedDigest);
        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode code, string? json = null) =>
        new(code) { Content = new StringContent(json ?? "") };

    public static HttpResponseMessage Challenge(string wwwAuthenticate)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("") };
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", wwwAuthenticate);
        return response;
    }

    public static byte[] ImageManifest(string seed = "a") => System.Text.Encoding.UTF8.GetBytes(
        $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{new string(seed[0], 64)}}","size":2},"layers":[]}""");
}
