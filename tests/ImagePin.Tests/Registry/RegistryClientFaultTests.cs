using System.Diagnostics;
using System.Net;
using System.Text;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Registry.Credentials;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>Failure modes real registries will not produce on demand, played by an in-process handler.</summary>
public sealed class RegistryClientFaultTests
{
    // A public address literal (TEST-NET-2): no DNS, no loopback fallback to http.
    private const string Registry = "198.51.100.7";
    private const string Repo = "team/app";
    private const string Oci = "application/vnd.oci.image.manifest.v1+json";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RegistryOptions Fast = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
    };

    private static RegistryClient Client(FakeRegistry fake, ICredentialSource? credentials = null, RegistryOptions? options = null) =>
        new(options ?? Fast, credentials ?? StaticCredentials.None, fake);

    [Fact]
    public async Task Status_429_with_Retry_After_is_retried_after_the_advised_delay()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, n) =>
        {
            if (n > 1) return FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true);
            var busy = FakeRegistry.Status(HttpStatusCode.TooManyRequests);
            busy.Headers.TryAddWithoutValidation("Retry-After", "1");
            return busy;
        });
        using var client = Client(fake);
        var clock = Stopwatch.StartNew();

        var resolved = await client.ResolveAsync(Registry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
        Assert.Equal(2, client.RequestCount);
    }

    [Fact]
    public void Retry_After_as_an_http_date_becomes_a_delay_and_is_capped()
    {
        using var soon = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        soon.Headers.RetryAfter = new(DateTimeOffset.UtcNow.AddSeconds(20));
        using var late = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        late.Headers.RetryAfter = new(DateTimeOffset.UtcNow.AddHours(3));

        var soonDelay = ImagePin.Registry.Transport.RetryHandler.RetryAfter(soon, TimeSpan.FromMinutes(1));
        var lateDelay = ImagePin.Registry.Transport.RetryHandler.RetryAfter(late, TimeSpan.FromMinutes(1));

        Assert.InRange(soonDelay!.Value.TotalSeconds, 15, 20);
        Assert.Equal(TimeSpan.FromMinutes(1), lateDelay);
    }

    [Fact]
    public async Task Status_503_is_retried_until_the_attempts_run_out_then_fails_clearly()
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Status(HttpStatusCode.ServiceUnavailable));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Network, error.Kind);
        Assert.Contains("503", error.Message);
        Assert.Contains("3 attempts", error.Message);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_when_the_total_time_bound_is_reached()
    {
        var fake = new FakeRegistry((_, _) =>
        {
            var busy = FakeRegistry.Status(HttpStatusCode.ServiceUnavailable);
            busy.Headers.TryAddWithoutValidation("Retry-After", "10");
            return busy;
        });
        using var client = Client(fake, options: Fast with { MaxAttempts = 10, MaxRetryTime = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Timeout, error.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Connection_failures_are_retried()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, n) => n <= 2
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "connection reset")
            : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake);

        var resolved = await client.ResolveAsync(Registry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Slow_registry_fails_with_a_timeout()
    {
        using var client = new RegistryClient(Fast with { RequestTimeout = TimeSpan.FromMilliseconds(100), MaxAttempts = 1 }, StaticCredentials.None, new DelayingHandler());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Timeout, error.Kind);
    }

    private sealed class DelayingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Body_that_does_not_hash_to_the_claimed_digest_is_rejected()
    {
        var body = FakeRegistry.ImageManifest("a");
        var claimed = FakeRegistry.Sha256(FakeRegistry.ImageManifest("b"));
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, claimed));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(Registry, Repo, "v1", Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains(claimed, error.Message);
        Assert.Contains(FakeRegistry.Sha256(body), error.Message);
    }

    [Fact]
    public async Task Body_fetched_by_digest_must_hash_to_that_digest()
    {
        var asked = FakeRegistry.Sha256(FakeRegistry.ImageManifest("a"));
        var garbage = Encoding.UTF8.GetBytes("<html>proxy error</html>");
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(garbage, Oci, null));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(Registry, Repo, asked, Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
    }

    [Fact]
    public async Task Garbage_manifest_body_is_a_protocol_error_not_a_crash()
    {
        var garbage = Encoding.UTF8.GetBytes("{ not json");
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(garbage, Oci, FakeRegistry.Sha256(garbage)));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", Platform(), Ct));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
        Assert.Contains($"{Registry}/{Repo}:v1", error.Message);
    }

    [Fact]
    public async Task Docker_hub_head_without_a_digest_header_falls_back_to_hashing_the_fetched_manifest()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, null));
        using var client = Client(fake);

        var resolved = await client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.Equal([HttpMethod.Head, HttpMethod.Get], fake.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Manifest_declared_larger_than_4_MiB_is_refused()
    {
        var fake = new FakeRegistry((_, _) =>
        {
            var response = FakeRegistry.Manifest([], Oci, null);
            response.Content.Headers.ContentLength = 4 * 1024 * 1024 + 1;
            return response;
        });
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(Registry, Repo, "v1", Ct));

        Assert.Equal(RegistryErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public async Task Manifest_streamed_past_4_MiB_without_a_length_is_refused()
    {
        var fake = new FakeRegistry((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) };
            response.Content.Headers.ContentType = new(Oci);
            return response;
        });
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(Registry, Repo, "v1", Ct));

        Assert.Equal(RegistryErrorKind.TooLarge, error.Kind);
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) { Array.Fill(buffer, (byte)' ', offset, count); return count; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("https://169.254.169.254/token")]
    [InlineData("https://[fe80::1]/token")]
    [InlineData("https://10.1.2.3/token")]
    [InlineData("https://192.168.0.10/token")]
    [InlineData("https://127.0.0.1/token")]
    [InlineData("http://203.0.113.9/token")]
    public async Task Token_realm_on_a_private_link_local_or_plain_http_address_of_a_public_registry_is_refused(string realm)
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Challenge($"Bearer realm=\"{realm}\",service=\"svc\""));
        var credentials = new StaticCredentials((Registry, new RegistryCredential("user", "secret-pw", null)));
        using var client = Client(fake, credentials);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Security, error.Kind);
        Assert.All(fake.Requests, r => Assert.Equal(Registry, r.Uri.Host));
        Assert.DoesNotContain("secret-pw", error.ToString());
    }

    [Fact]
    public async Task Token_realm_on_a_link_local_address_is_refused_for_a_private_registry()
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Challenge("Bearer realm=\"https://169.254.169.254/latest/meta-data\",service=\"svc\""));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("10.0.0.5", Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Security, error.Kind);
        Assert.Contains("link-local", error.Message);
        Assert.DoesNotContain(fake.Requests, r => r.Uri.Host == "169.254.169.254");
    }

    [Fact]
    public async Task Failing_credential_source_is_a_configuration_error()
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Challenge("Basic realm=\"r\""));
        using var client = Client(fake, new ThrowingCredentials());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Configuration, error.Kind);
        Assert.Contains(Registry, error.Message);
    }

    private sealed class ThrowingCredentials : ICredentialSource
    {
        public ValueTask<RegistryCredential?> GetAsync(string registryHost, string? repository, CancellationToken ct) =>
            throw new InvalidDataException("config.json line 3: unexpected character");
    }

    [Fact]
    public async Task Token_realm_on_a_private_address_is_followed_when_the_registry_is_private_too()
    {
        const string privateRegistry = "10.0.0.5";
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Host == "10.0.0.6"
            ? FakeRegistry.Status(HttpStatusCode.OK, """{"token":"t0k"}""")
            : request.Headers.Authorization is null
                ? FakeRegistry.Challenge("Bearer realm=\"https://10.0.0.6/token\",service=\"svc\"")
                : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake);

        var resolved = await client.ResolveAsync(privateRegistry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
    }

    [Fact]
    public async Task Bearer_token_from_access_token_is_cached_per_scope_until_it_expires()
    {
        const string realmHost = "203.0.113.10";
        var body = FakeRegistry.ImageManifest();
        var issued = 0;
        var fake = new FakeRegistry((request, _) =>
        {
            if (request.RequestUri!.Host == realmHost)
                return FakeRegistry.Status(HttpStatusCode.OK, $$"""{"access_token":"tok-{{Interlocked.Increment(ref issued)}}","expires_in":1}""");
            return request.Headers.Authorization?.Scheme == "Bearer"
                ? FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true)
                : FakeRegistry.Challenge($"Bearer realm=\"https://{realmHost}/token\",service=\"registry.test\"");
        });
        var credentials = new StaticCredentials((Registry, new RegistryCredential("user", "pw", null)));
        using var client = Client(fake, credentials);

        await client.ResolveAsync(Registry, Repo, "v1", null, Ct);
        await client.ResolveAsync(Registry, Repo, "v2", null, Ct);
        var tokensBeforeExpiry = issued;
        await Task.Delay(1100, Ct);
        await client.ResolveAsync(Registry, Repo, "v3", null, Ct);

        Assert.Equal(1, tokensBeforeExpiry);
        Assert.Equal(2, issued);
        var tokenRequest = fake.To(realmHost).First();
        Assert.Equal("?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull", tokenRequest.Uri.Query);
        Assert.StartsWith("Basic ", tokenRequest.Authorization);
        Assert.All(fake.To(Registry), r => Assert.False(r.Authorization?.StartsWith("Basic") ?? false, "Basic credentials went to a Bearer registry"));
        Assert.Equal("Bearer tok-2", fake.To(Registry).Last().Authorization);
    }

    [Fact]
    public async Task Authorization_is_not_forwarded_on_a_redirect_to_another_host()
    {
        const string storage = "storage.example.net";
        var blob = Encoding.UTF8.GetBytes("""{"os":"linux","architecture":"amd64"}""");
        var blobDigest = FakeRegistry.Sha256(blob);
        var fake = new FakeRegistry((request, _) =>
        {
            if (request.RequestUri!.Host == storage) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(blob) };
            if (request.Headers.Authorization is null) return FakeRegistry.Challenge("Basic realm=\"registry\"");
            var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            redirect.Headers.Location = new Uri($"https://{storage}/blobs/x?signature=abc");
            return redirect;
        });
        var credentials = new StaticCredentials((Registry, new RegistryCredential("user", "pw", null)));
        using var client = Client(fake, credentials);

        var fetched = await client.Blobs.GetAsync(Registry, Repo, blobDigest, Ct);

        Assert.Equal(blob, fetched);
        Assert.StartsWith("Basic ", fake.To(Registry).Last().Authorization);
        Assert.Null(Assert.Single(fake.To(storage)).Authorization);
    }

    [Fact]
    public async Task Authorization_is_kept_on_a_redirect_within_the_same_registry()
    {
        var blob = Encoding.UTF8.GetBytes("config");
        var fake = new FakeRegistry((request, _) =>
        {
            if (request.Headers.Authorization is null) return FakeRegistry.Challenge("Basic realm=\"registry\"");
            if (request.RequestUri!.AbsolutePath.StartsWith("/elsewhere")) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(blob) };
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = new Uri("/elsewhere/blob", UriKind.Relative);
            return redirect;
        });
        var credentials = new StaticCredentials((Registry, new RegistryCredential("user", "pw", null)));
        using var client = Client(fake, credentials);

        await client.Blobs.GetAsync(Registry, Repo, FakeRegistry.Sha256(blob), Ct);

        Assert.StartsWith("Basic ", fake.Requests.Last().Authorization);
    }

    [Fact]
    public async Task Loopback_registry_falls_back_to_plain_http_and_remembers_it()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Scheme == "https"
            ? throw new HttpRequestException(HttpRequestError.SecureConnectionError, "not TLS")
            : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake);

        await client.ResolveAsync("127.0.0.1:5999", Repo, "v1", null, Ct);
        await client.ResolveAsync("127.0.0.1:5999", Repo, "v2", null, Ct);

        Assert.Equal(["https", "http", "http"], fake.Requests.Select(r => r.Uri.Scheme));
        Assert.All(fake.Requests, r => Assert.Equal(5999, r.Uri.Port));
    }

    [Fact]
    public async Task Listed_insecure_registry_falls_back_to_plain_http()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Scheme == "https"
            ? throw new HttpRequestException(HttpRequestError.SecureConnectionError, "not TLS")
            : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake, options: Fast with { Routing = new RegistryRouting(insecureRegistries: ["registry.internal:5000"]) });

        var resolved = await client.ResolveAsync("registry.internal:5000", Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
    }

    [Fact]
    public async Task Concurrent_requests_to_a_plain_http_registry_probe_https_once()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Scheme == "https"
            ? throw new HttpRequestException(HttpRequestError.SecureConnectionError, "not TLS")
            : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake, options: Fast with { Routing = new RegistryRouting(insecureRegistries: ["registry.internal:5000"]) });

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.ResolveAsync("registry.internal:5000", Repo, $"v{i}", null, Ct)));

        Assert.Single(fake.Requests, r => r.Uri.Scheme == "https");
        Assert.Equal(12, fake.Requests.Count(r => r.Uri.Scheme == "http"));
    }

    [Fact]
    public async Task Public_registry_never_falls_back_to_plain_http()
    {
        var fake = new FakeRegistry((_, _) => throw new HttpRequestException(HttpRequestError.SecureConnectionError, "certificate rejected"));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Network, error.Kind);
        Assert.Contains("certificate rejected", error.Message);
        Assert.All(fake.Requests, r => Assert.Equal("https", r.Uri.Scheme));
    }

    [Fact]
    public async Task Docker_hub_names_are_sent_to_registry_1_docker_io()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake);

        await client.ResolveAsync("docker.io", "library/alpine", "3.20", null, Ct);

        Assert.Equal("https://registry-1.docker.io/v2/library/alpine/manifests/3.20", fake.Requests.First().Uri.ToString());
        Assert.All(fake.Requests, r => Assert.Equal("registry-1.docker.io", r.Uri.Host));
    }

    [Fact]
    public async Task Registry_error_code_appears_in_the_not_found_message()
    {
        // The repository exists (its tag list answers); only the tag does not.
        var fake = new FakeRegistry((request, _) => request.RequestUri!.AbsolutePath.EndsWith("/tags/list", StringComparison.Ordinal)
            ? FakeRegistry.Status(HttpStatusCode.OK, """{"name":"team/app","tags":["v2"]}""")
            : FakeRegistry.Status(HttpStatusCode.NotFound, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]}"""));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(Registry, Repo, "v1", Ct));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Contains("MANIFEST_UNKNOWN", error.Message);
        Assert.Contains("no tag 'v1'", error.Message);
    }

    [Theory]
    [InlineData("Team/App", "v1")]
    [InlineData("team/../app", "v1")]
    [InlineData("team/app", "-v1")]
    [InlineData("team/app", "v1/../../x")]
    [InlineData("team/app", "sha256:abc")]
    public async Task Invalid_repository_tag_or_digest_is_rejected_before_any_request(string repository, string reference)
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Status(HttpStatusCode.OK));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, repository, reference, null, Ct));

        Assert.Equal(RegistryErrorKind.InvalidReference, error.Kind);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Tag_longer_than_128_characters_is_rejected()
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Status(HttpStatusCode.OK));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, new string('t', 129), null, Ct));

        Assert.Equal(RegistryErrorKind.InvalidReference, error.Kind);
    }

    [Fact]
    public async Task Identity_token_is_exchanged_with_a_refresh_token_grant()
    {
        const string realmHost = "203.0.113.10";
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) =>
        {
            if (request.RequestUri!.Host == realmHost) return FakeRegistry.Status(HttpStatusCode.OK, """{"access_token":"from-refresh"}""");
            return request.Headers.Authorization is null
                ? FakeRegistry.Challenge($"Bearer realm=\"https://{realmHost}/token\",service=\"svc\"")
                : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true);
        });
        var credentials = new StaticCredentials((Registry, new RegistryCredential(null, null, "refresh-secret")));
        using var client = Client(fake, credentials);

        await client.ResolveAsync(Registry, Repo, "v1", null, Ct);

        var tokenRequest = Assert.Single(fake.To(realmHost));
        Assert.Equal(HttpMethod.Post, tokenRequest.Method);
        Assert.Null(tokenRequest.Authorization);
        Assert.Contains("grant_type=refresh_token", tokenRequest.Body);
        Assert.Contains("refresh_token=refresh-secret", tokenRequest.Body);
        Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", tokenRequest.Body);
        Assert.Equal("Bearer from-refresh", fake.To(Registry).Last().Authorization);
    }

    [Fact]
    public async Task Anonymous_bearer_token_is_fetched_without_credentials()
    {
        const string realmHost = "203.0.113.10";
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) =>
        {
            if (request.RequestUri!.Host == realmHost) return FakeRegistry.Status(HttpStatusCode.OK, """{"token":"anon"}""");
            return request.Headers.Authorization is null
                ? FakeRegistry.Challenge($"Bearer realm=\"https://{realmHost}/token\",service=\"svc\",scope=\"repository:team/app:pull\"")
                : FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true);
        });
        using var client = Client(fake);

        var resolved = await client.ResolveAsync(Registry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        Assert.Null(Assert.Single(fake.To(realmHost)).Authorization);
    }

    [Fact]
    public async Task Token_server_refusal_is_an_unauthorized_error_naming_the_user_but_not_the_password()
    {
        const string realmHost = "203.0.113.10";
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Host == realmHost
            ? FakeRegistry.Status(HttpStatusCode.Unauthorized)
            : FakeRegistry.Challenge($"Bearer realm=\"https://{realmHost}/token\",service=\"svc\""));
        var credentials = new StaticCredentials((Registry, new RegistryCredential("alice", "hunter2-secret", null)));
        using var client = Client(fake, credentials);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("alice", error.Message);
        Assert.DoesNotContain("hunter2-secret", error.ToString());
    }

    [Theory]
    [InlineData("ghcr.io:443")]
    [InlineData("[::1]:5000")]
    [InlineData("my-registry.internal")]
    public async Task Registry_host_with_port_or_ipv6_literal_is_accepted(string registry)
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, Oci, FakeRegistry.Sha256(body), head: true));
        using var client = Client(fake);

        var resolved = await client.ResolveAsync(registry, Repo, "v1", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
    }

    [Theory]
    [InlineData("user@evil.example")]
    [InlineData("host/path")]
    [InlineData("")]
    [InlineData("host:port")]
    public async Task Malformed_registry_host_is_rejected_before_any_request(string registry)
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Status(HttpStatusCode.OK));
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(registry, Repo, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.InvalidReference, error.Kind);
        Assert.Empty(fake.Requests);
    }

    private static Platform Platform() => new("linux", "amd64", null);
}
