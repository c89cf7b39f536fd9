// Usage: floor-dotnet REFERENCES_FILE [CONNECTIONS]: one manifest GET per reference (HOST:PORT/REPO:TAG, plain http) over
// CONNECTIONS keep-alive connections, body hashed with SHA-256; prints "REFERENCE<TAB>sha256:…" ("failed" when the answer
// is not 200 or the digest header disagrees) and, on standard error, "requests: N ms" (first request to last response).
using System.Diagnostics;
using System.Security.Cryptography;

var references = File.ReadAllLines(args[0]).Where(l => l.Length > 0).ToArray();
var connections = args.Length > 1 ? int.Parse(args[1]) : 6;
const string Accept = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, " +
    "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, UseProxy = false });
var results = new string[references.Length];
var next = -1;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
{
    for (int i; (i = Interlocked.Increment(ref next)) < references.Length;)
    {
        var reference = references[i];
        var slash = reference.IndexOf('/');
        var colon = reference.LastIndexOf(':');
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{reference[..slash]}/v2/{reference[(slash + 1)..colon]}/manifests/{reference[(colon + 1)..]}");
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        var header = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : digest;
        results[i] = response.IsSuccessStatusCode && header == digest ? digest : "failed";
    }
})));
var elapsed = clock.Elapsed.TotalMilliseconds;
Console.Out.Write(string.Concat(references.Select((r, i) => $"{r}\t{results[i]}\n")));
Console.Error.WriteLine($"requests: {elapsed:0.0} ms");
