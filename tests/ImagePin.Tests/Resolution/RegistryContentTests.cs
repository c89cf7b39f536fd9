using ImagePin.Resolution;
using System.Net;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Resolution;

public sealed class RegistryContentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly RegistryOptions Fast = new() { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_failing_reference_is_asked_once_and_fails_every_caller_while_others_succeed()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.RequestUri!.AbsolutePath.EndsWith("/missing")
            ? FakeRegistry.Status(HttpStatusCode.NotFound)
            : FakeRegistry.Manifest(body, "application/vnd.oci.image.manifest.v1+json", FakeRegistry.Sha256(body), head: true));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);
        using var resolver = new RegistryContent(client);

        var missing = Enumerable.Range(0, 3).Select(_ => resolver.ResolveAsync("198.51.100.7", "app", "missing", null, Ct)).ToList();
        var present = await resolver.ResolveAsync("198.51.100.7", "app", "present", null, Ct);

        foreach (var task in missing)
            Assert.Equal(RegistryErrorKind.NotFound, (await Assert.ThrowsAsync<RegistryException>(() => task)).Kind);
        Assert.Equal(FakeRegistry.Sha256(body), present.Digest);
        // One manifest request each (the failing one also probes the tag list once, to word its message).
        Assert.Equal(2, fake.Requests.Count(r => r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal)));
        Assert.Single(fake.Requests, r => r.Uri.AbsolutePath.EndsWith("/tags/list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docker_io_and_its_api_host_are_one_registry_for_deduplication()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, "application/vnd.oci.image.manifest.v1+json", FakeRegistry.Sha256(body), head: true));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);
        using var resolver = new RegistryContent(client);

        await resolver.ResolveAsync("docker.io", "library/alpine", "3", null, Ct);
        await resolver.ResolveAsync("registry-1.docker.io", "library/alpine", "3", null, Ct);

        // One resolution: the HEAD by tag and the HEAD by digest that confirms it.
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Concurrency_per_registry_stays_within_its_bound()
    {
        var body = FakeRegistry.ImageManifest();
        var inFlight = 0;
        var peak = 0;
        var handler = new GatedHandler(async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(30);
            Interlocked.Decrement(ref inFlight);
            return FakeRegistry.Manifest(body, "application/vnd.oci.image.manifest.v1+json", FakeRegistry.Sha256(body), head: true);
        });
        using var client = new RegistryClient(Fast, StaticCredentials.None, handler);
        using var resolver = new RegistryContent(client, maxConcurrency: 16, maxConcurrencyPerRegistry: 3);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => resolver.ResolveAsync("198.51.100.7", "app", $"t{i}", null, Ct)));

        Assert.InRange(peak, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private sealed class GatedHandler(Func<Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => respond();
    }
}
