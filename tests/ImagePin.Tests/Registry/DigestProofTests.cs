using System.Net;
using ImagePin.Registry;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>
/// A digest is written or printed only when the manifest bytes behind it were hashed; on Docker Hub (where a GET is
/// a counted pull) a HEAD's digest is confirmed by a HEAD by that digest, unless --trust-head-digest says otherwise.
/// </summary>
public sealed class DigestProofTests
{
    private const string Registry = "198.51.100.7";
    private const string Repo = "team/app";
    private const string Oci = "application/vnd.oci.image.manifest.v1+json";
    private static readonly string Zeros = "sha256:" + new string('0', 64);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RegistryOptions Fast = new() { MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RequestTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Elsewhere_one_GET_by_tag_is_hashed_and_is_the_only_request()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body)));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var resolved = await client.ResolveAsync(Registry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.Equal(HttpMethod.Get, Assert.Single(fake.Requests).Method);
    }

    [Fact]
    public async Task Elsewhere_a_lying_digest_header_is_refused_naming_the_registry()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, Zeros));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains($"{Registry} sent Docker-Content-Digest {Zeros}", error.Message);
        Assert.Contains(FakeRegistry.Sha256(body), error.Message);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Elsewhere_no_digest_header_gives_the_hash_of_the_body()
    {
        var body = FakeRegistry.ImageManifest("c");
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, null));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var resolved = await client.ResolveAsync(Registry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
    }

    [Fact]
    public async Task A_mirror_of_docker_hub_is_asked_with_a_GET_and_hashed()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, Zeros));
        var options = Fast with { Routing = new RegistryRouting(new Dictionary<string, string> { ["docker.io"] = "mirror.example.net" }) };
        using var client = new RegistryClient(options, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Equal(HttpMethod.Get, Assert.Single(fake.Requests).Method);
    }

    [Fact]
    public async Task Docker_hub_digest_is_confirmed_by_a_HEAD_by_that_digest_and_never_GET()
    {
        var body = FakeRegistry.ImageManifest();
        var digest = FakeRegistry.Sha256(body);
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, digest));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var resolved = await client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct);

        Assert.Equal(digest, resolved.Digest);
        Assert.Equal([HttpMethod.Head, HttpMethod.Head], fake.Requests.Select(r => r.Method));
        Assert.EndsWith("/manifests/3", fake.Requests.First().Uri.AbsolutePath);
        Assert.EndsWith($"/manifests/{digest}", fake.Requests.Last().Uri.AbsolutePath);
    }

    [Fact]
    public async Task Docker_hub_digest_that_the_registry_does_not_hold_is_refused()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.RequestUri!.AbsolutePath.EndsWith(Zeros, StringComparison.Ordinal)
            ? FakeRegistry.Status(HttpStatusCode.NotFound, """{"errors":[{"code":"MANIFEST_UNKNOWN"}]}""")
            : FakeRegistry.Manifest(body, Oci, Zeros));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains("docker.io", error.Message);
        Assert.Contains(Zeros, error.Message);
        Assert.DoesNotContain(fake.Requests, r => r.Method == HttpMethod.Get);
    }

    [Fact]
    public async Task Docker_hub_digest_contradicted_by_the_HEAD_by_digest_is_refused()
    {
        var body = FakeRegistry.ImageManifest();
        var other = FakeRegistry.Sha256(FakeRegistry.ImageManifest("z"));
        var fake = new FakeRegistry((request, _) => FakeRegistry.Manifest(body, Oci,
            request.RequestUri!.AbsolutePath.EndsWith("/3", StringComparison.Ordinal) ? Zeros : other));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
    }

    [Fact]
    public async Task Docker_hub_with_trust_head_digest_takes_one_HEAD()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body)));
        using var client = new RegistryClient(Fast with { TrustHeadDigest = true }, StaticCredentials.None, fake);

        var resolved = await client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.Equal(HttpMethod.Head, Assert.Single(fake.Requests).Method);
    }

    [Fact]
    public async Task Docker_hub_malformed_digest_header_is_a_protocol_error()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, "sha256:not-hex"));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
        Assert.Contains("malformed Docker-Content-Digest", error.Message);
    }

    [Fact]
    public async Task The_manifest_fetched_to_resolve_a_tag_serves_the_later_read_by_digest()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body)));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);
        using var content = new ImagePin.Resolution.RegistryContent(client);

        var resolved = await content.ResolveTagAsync(Registry, Repo, "v1", Ct);
        var manifest = await content.GetManifestAsync(Registry, Repo, resolved.Digest, Ct);

        Assert.Equal(body, manifest.Bytes);
        Assert.Single(fake.Requests);
    }
}

/// <summary>
/// A cancellation the caller did not ask for (SocketsHttpHandler's connect timeout throws TaskCanceledException, not
/// HttpRequestException) is a timeout to retry, then a RegistryException: never an exception that escapes as exit 70
/// (seen once in the proxy drills while the proxy hung TLS handshakes).
/// </summary>
public sealed class UnrequestedCancellationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connect_timeout_is_retried()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, n) => n == 1
            ? throw new TaskCanceledException("connect timed out", new TimeoutException())
            : FakeRegistry.Manifest(body, "application/vnd.oci.image.manifest.v1+json", FakeRegistry.Sha256(body)));
        using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1) }, StaticCredentials.None, fake);

        var resolved = await client.ResolveAsync("198.51.100.7", "team/app", "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Connect_timeouts_every_time_end_as_a_registry_error()
    {
        var fake = new FakeRegistry((_, _) => throw new TaskCanceledException("connect timed out", new TimeoutException()));
        using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) }, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("198.51.100.7", "team/app", "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Timeout, error.Kind);
        Assert.Contains("198.51.100.7", error.Message);
        Assert.Equal(2, fake.Requests.Count);
    }
}
