using ImagePin.Resolution;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Registry.Credentials;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>The client against real registries started by tests/infra/setup.sh.</summary>
public sealed class RealRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RegistryClient NewClient(ICredentialSource? credentials = null, RegistryOptions? options = null) =>
        new(options ?? new RegistryOptions { RequestTimeout = TimeSpan.FromSeconds(20), MaxAttempts = 2 }, credentials ?? StaticCredentials.None);

    private static Platform P(string text) => Platform.TryParse(text, out var p, out var error) ? p! : throw new ArgumentException(error);

    public enum Kind { OciIndex, DockerManifestList, OciManifest, DockerManifest }

    private static Task<PushedManifest> PushAsync(RegistryPusher pusher, string repository, string tag, Kind kind) => kind switch
    {
        Kind.OciIndex => pusher.PushIndexAsync(repository, tag, ImageFormat.Oci, "linux/amd64", "linux/arm64/v8"),
        Kind.DockerManifestList => pusher.PushIndexAsync(repository, tag, ImageFormat.Docker, "linux/amd64", "linux/arm64/v8"),
        Kind.OciManifest => pusher.PushImageAsync(repository, tag, ImageFormat.Oci),
        _ => pusher.PushImageAsync(repository, tag, ImageFormat.Docker),
    };

    [Theory]
    [InlineData(Kind.OciIndex)]
    [InlineData(Kind.DockerManifestList)]
    [InlineData(Kind.OciManifest)]
    [InlineData(Kind.DockerManifest)]
    public async Task Tag_resolves_to_the_digest_of_the_pushed_bytes_for_each_manifest_kind(Kind kind)
    {
        var registry = TestRegistries.Open;
        var repository = TestRegistries.UniqueRepository("kinds");
        var pushed = await PushAsync(Pushers.Open(), repository, "v1", kind);
        using var client = NewClient();

        var resolved = await client.ResolveAsync(registry, repository, "v1", null, Ct);

        Assert.Equal(pushed.Digest, resolved.Digest);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{registry}/{repository}:v1"), resolved.Digest);
        Assert.Equal(pushed.MediaType, resolved.MediaType);
        Assert.Equal(kind is Kind.OciIndex or Kind.DockerManifestList, resolved.IsIndex);
        Assert.Equal(pushed.Bytes.Length, resolved.Size);
    }

    [Fact]
    public async Task Manifest_fetched_by_tag_has_verified_bytes_and_index_children_with_platforms()
    {
        var repository = TestRegistries.UniqueRepository("children");
        var pushed = await Pushers.Open().PushIndexAsync(repository, "multi", ImageFormat.Oci, "linux/amd64", "linux/arm/v7");
        using var client = NewClient();

        var manifest = await client.Manifests.GetAsync(TestRegistries.Open, repository, "multi", Ct);

        Assert.Equal(pushed.Bytes, manifest.Bytes);
        Assert.Equal(pushed.Digest, manifest.Digest);
        Assert.Equal([pushed.Child("linux/amd64").Digest, pushed.Child("linux/arm/v7").Digest], manifest.Manifests.Select(c => c.Digest));
        Assert.Equal(["linux/amd64", "linux/arm/v7"], manifest.Manifests.Select(c => c.Platform!.ToString()));
    }

    [Theory]
    [InlineData("linux/arm64", "linux/arm64/v8")]
    [InlineData("linux/arm64/v8", "linux/arm64/v8")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/arm/v6", "linux/arm/v6")]
    [InlineData("linux/x86_64", "linux/amd64")]
    public async Task Platform_picks_that_platforms_manifest_from_an_index(string asked, string expectedChild)
    {
        var repository = TestRegistries.UniqueRepository("platform");
        var index = await Pushers.Open().PushIndexAsync(repository, "multi", ImageFormat.Docker,
            "linux/amd64", "linux/arm64/v8", "linux/arm/v7", "linux/arm/v6");
        using var client = NewClient();

        var resolved = await client.ResolveAsync(TestRegistries.Open, repository, "multi", P(asked), Ct);

        Assert.Equal(index.Child(expectedChild).Digest, resolved.Digest);
        Assert.Equal(P(expectedChild), resolved.Platform);
        Assert.False(resolved.IsIndex);
    }

    [Fact]
    public async Task Platform_missing_from_an_index_fails_listing_the_available_platforms()
    {
        var repository = TestRegistries.UniqueRepository("platform");
        await Pushers.Open().PushIndexAsync(repository, "multi", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Open, repository, "multi", P("linux/s390x"), Ct));

        Assert.Equal(RegistryErrorKind.PlatformNotFound, error.Kind);
        Assert.Contains("linux/s390x", error.Message);
        Assert.Contains("linux/amd64, linux/arm64/v8", error.Message);
    }

    [Fact]
    public async Task Platform_of_a_single_platform_image_is_checked_against_its_config()
    {
        var repository = TestRegistries.UniqueRepository("single");
        var image = await Pushers.Open().PushImageAsync(repository, "arm", ImageFormat.Oci, "linux/arm64/v8");
        using var client = NewClient();

        var matching = await client.ResolveAsync(TestRegistries.Open, repository, "arm", P("linux/arm64"), Ct);
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Open, repository, "arm", P("linux/amd64"), Ct));

        Assert.Equal(image.Digest, matching.Digest);
        Assert.Equal(RegistryErrorKind.PlatformNotFound, error.Kind);
        Assert.Contains("linux/arm64/v8", error.Message);
    }

    [Fact]
    public async Task Digest_reference_resolves_to_itself()
    {
        var repository = TestRegistries.UniqueRepository("bydigest");
        var index = await Pushers.Open().PushIndexAsync(repository, "multi", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        using var client = NewClient();

        var resolved = await client.ResolveAsync(TestRegistries.Open, repository, index.Digest, null, Ct);
        var child = await client.ResolveAsync(TestRegistries.Open, repository, index.Child("linux/amd64").Digest, null, Ct);

        Assert.Equal(index.Digest, resolved.Digest);
        Assert.True(resolved.IsIndex);
        Assert.Equal(index.Child("linux/amd64").Digest, child.Digest);
        Assert.False(child.IsIndex);
    }

    [Fact]
    public async Task Unknown_tag_is_not_found()
    {
        var repository = TestRegistries.UniqueRepository("missing");
        await Pushers.Open().PushImageAsync(repository, "present", ImageFormat.Oci);
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Open, repository, "absent", null, Ct));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Contains($"{repository}:absent", error.Message);
    }

    [Fact]
    public async Task Moved_tag_resolves_to_its_new_target()
    {
        var repository = TestRegistries.UniqueRepository("moved");
        var pusher = Pushers.Open();
        var first = await pusher.PushImageAsync(repository, "latest", ImageFormat.Oci);
        var second = await pusher.PushImageAsync(repository, null, ImageFormat.Oci);
        using var client = NewClient();
        var before = await client.ResolveAsync(TestRegistries.Open, repository, "latest", null, Ct);

        await pusher.MoveTagAsync(repository, "latest", second);
        var after = await client.ResolveAsync(TestRegistries.Open, repository, "latest", null, Ct);

        Assert.Equal(first.Digest, before.Digest);
        Assert.Equal(second.Digest, after.Digest);
    }

    [Fact]
    public async Task Deleted_manifest_no_longer_exists()
    {
        var repository = TestRegistries.UniqueRepository("deleted");
        var pusher = Pushers.Open();
        var image = await pusher.PushImageAsync(repository, "v1", ImageFormat.Docker);
        using var client = NewClient();
        var existedBefore = await client.Manifests.ExistsAsync(TestRegistries.Open, repository, image.Digest, Ct);

        await pusher.DeleteManifestAsync(repository, image.Digest);

        Assert.True(existedBefore);
        Assert.False(await client.Manifests.ExistsAsync(TestRegistries.Open, repository, image.Digest, Ct));
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Open, repository, image.Digest, null, Ct));
        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Config_blob_is_fetched_with_its_created_time()
    {
        var repository = TestRegistries.UniqueRepository("config");
        var created = new DateTimeOffset(2024, 5, 17, 8, 30, 0, TimeSpan.Zero);
        var image = await Pushers.Open().PushImageAsync(repository, "v1", ImageFormat.Oci, created: created);
        using var client = NewClient();

        var manifest = await client.Manifests.GetAsync(TestRegistries.Open, repository, "v1", Ct);
        var config = await client.Blobs.GetAsync(TestRegistries.Open, repository, manifest.Config!.Digest!, Ct);

        Assert.Equal(image.ConfigDigest, manifest.Config!.Digest);
        using var json = System.Text.Json.JsonDocument.Parse(config);
        Assert.Equal(created, json.RootElement.GetProperty("created").GetDateTimeOffset());
    }

    [Fact]
    public async Task Concurrent_callers_cause_one_request_per_distinct_reference()
    {
        var repository = TestRegistries.UniqueRepository("dedupe");
        var pusher = Pushers.Open();
        var tags = Enumerable.Range(0, 5).Select(i => $"t{i}").ToList();
        var pushed = new Dictionary<string, string>();
        foreach (var tag in tags) pushed[tag] = (await pusher.PushImageAsync(repository, tag, ImageFormat.Oci)).Digest;
        using var client = NewClient();
        using var resolver = new RegistryContent(client, maxConcurrency: 4, maxConcurrencyPerRegistry: 2);

        var asks = Enumerable.Range(0, 40).Select(i => tags[i % tags.Count]).ToList();
        var results = await Task.WhenAll(asks.Select(tag => resolver.ResolveAsync(TestRegistries.Open, repository, tag, null, Ct)));

        Assert.Equal(asks.Select(t => pushed[t]), results.Select(r => r.Digest));
        Assert.Equal(tags.Count, client.RequestCount);
    }

    [Fact]
    public async Task Basic_auth_registry_resolves_with_the_right_credentials()
    {
        var repository = TestRegistries.UniqueRepository("basic");
        var image = await Pushers.Basic().PushImageAsync(repository, "v1", ImageFormat.Oci);
        var credentials = new StaticCredentials((TestRegistries.Basic, new RegistryCredential(TestRegistries.BasicUser, TestRegistries.BasicPassword, null)));
        using var client = NewClient(credentials);

        var first = await client.ResolveAsync(TestRegistries.Basic, repository, "v1", null, Ct);
        var requestsAfterFirst = client.RequestCount;
        var second = await client.ResolveAsync(TestRegistries.Basic, repository, "v1", null, Ct);

        Assert.Equal(image.Digest, first.Digest);
        Assert.Equal(image.Digest, second.Digest);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{TestRegistries.Basic}/{repository}:v1", $"{TestRegistries.BasicUser}:{TestRegistries.BasicPassword}"), first.Digest);
        // The challenge is remembered: the second resolve authenticates up front.
        Assert.Equal(1, client.RequestCount - requestsAfterFirst);
    }

    [Fact]
    public async Task Basic_auth_registry_rejects_wrong_credentials_without_revealing_them()
    {
        var repository = TestRegistries.UniqueRepository("basic");
        await Pushers.Basic().PushImageAsync(repository, "v1", ImageFormat.Oci);
        const string wrongPassword = "not-the-password-4711";
        var credentials = new StaticCredentials((TestRegistries.Basic, new RegistryCredential(TestRegistries.BasicUser, wrongPassword, null)));
        using var client = NewClient(credentials);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Basic, repository, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain(wrongPassword, error.ToString());
    }

    [Fact]
    public async Task Basic_auth_registry_without_credentials_says_a_login_is_needed()
    {
        var repository = TestRegistries.UniqueRepository("basic");
        await Pushers.Basic().PushImageAsync(repository, "v1", ImageFormat.Oci);
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Basic, repository, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("no credentials", error.Message);
    }

    [Fact]
    public async Task Token_auth_registry_resolves_and_fetches_one_token_per_scope()
    {
        var issuer = TokenIssuer.Shared;
        var repository = TestRegistries.UniqueRepository("token");
        var pusher = Pushers.Token();
        var index = await pusher.PushIndexAsync(repository, "multi", ImageFormat.Oci, "linux/amd64", "linux/arm64/v8");
        var single = await pusher.PushImageAsync(repository, "single", ImageFormat.Docker);
        var credentials = new StaticCredentials((TestRegistries.Token, new RegistryCredential(issuer.User, issuer.Password, null)));
        using var client = NewClient(credentials);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.ResolveAsync(TestRegistries.Token, repository, "multi", null, Ct)));
        var another = await client.ResolveAsync(TestRegistries.Token, repository, "single", null, Ct);
        var picked = await client.ResolveAsync(TestRegistries.Token, repository, "multi", P("linux/arm64"), Ct);

        Assert.All(concurrent, r => Assert.Equal(index.Digest, r.Digest));
        Assert.Equal(single.Digest, another.Digest);
        Assert.Equal(index.Child("linux/arm64/v8").Digest, picked.Digest);
        Assert.Equal(1, issuer.RequestsFor($"repository:{repository}:pull"));
    }

    [Fact]
    public async Task Token_auth_registry_second_repository_authenticates_up_front_without_a_401()
    {
        var issuer = TokenIssuer.Shared;
        var first = TestRegistries.UniqueRepository("token-a");
        var second = TestRegistries.UniqueRepository("token-b");
        await Pushers.Token().PushImageAsync(first, "v1", ImageFormat.Oci);
        var image = await Pushers.Token().PushImageAsync(second, "v1", ImageFormat.Oci);
        var credentials = new StaticCredentials((TestRegistries.Token, new RegistryCredential(issuer.User, issuer.Password, null)));
        using var client = NewClient(credentials);
        await client.ResolveAsync(TestRegistries.Token, first, "v1", null, Ct);
        var before = client.RequestCount;

        var resolved = await client.ResolveAsync(TestRegistries.Token, second, "v1", null, Ct);

        Assert.Equal(image.Digest, resolved.Digest);
        Assert.Equal(1, issuer.RequestsFor($"repository:{second}:pull"));
        Assert.Equal(2, client.RequestCount - before); // the token, then the HEAD: no anonymous 401 round trip
    }

    [Fact]
    public async Task Token_auth_registry_with_wrong_credentials_fails_without_revealing_them()
    {
        var issuer = TokenIssuer.Shared;
        var repository = TestRegistries.UniqueRepository("token");
        await Pushers.Token().PushImageAsync(repository, "v1", ImageFormat.Oci);
        const string wrongPassword = "wrong-secret-0815";
        var credentials = new StaticCredentials((TestRegistries.Token, new RegistryCredential(issuer.User, wrongPassword, null)));
        using var client = NewClient(credentials);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Token, repository, "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("token server", error.Message);
        Assert.DoesNotContain(wrongPassword, error.ToString());
    }

    [Fact]
    public async Task Tls_registry_resolves_when_its_ca_file_is_given()
    {
        var repository = TestRegistries.UniqueRepository("tls");
        var image = await Pushers.Tls().PushImageAsync(repository, "v1", ImageFormat.Oci);
        using var client = NewClient(options: new RegistryOptions { CaFile = TestRegistries.TlsCa, MaxAttempts = 1 });

        var resolved = await client.ResolveAsync(TestRegistries.Tls, repository, "v1", null, Ct);

        Assert.Equal(image.Digest, resolved.Digest);
    }

    [Fact]
    public async Task Tls_registry_is_refused_without_its_ca()
    {
        var repository = TestRegistries.UniqueRepository("tls");
        await Pushers.Tls().PushImageAsync(repository, "v1", ImageFormat.Oci);
        using var client = NewClient(options: new RegistryOptions { MaxAttempts = 1 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Tls, repository, "v1", null, Ct));

        // https fails verification; the loopback fallback to http meets a TLS-only server, so the certificate error is what counts.
        Assert.Equal(RegistryErrorKind.Network, error.Kind);
        Assert.Contains(TestRegistries.Tls, error.Message);
        Assert.Contains("certificate", error.Message);
    }

    [Fact]
    public async Task Tls_registry_listed_as_insecure_is_reached_over_https_without_verifying_its_certificate()
    {
        var repository = TestRegistries.UniqueRepository("tls");
        var image = await Pushers.Tls().PushImageAsync(repository, "v1", ImageFormat.Docker);
        using var client = NewClient(options: new RegistryOptions { Routing = new RegistryRouting(insecureRegistries: [TestRegistries.Tls]), MaxAttempts = 1 });

        var resolved = await client.ResolveAsync(TestRegistries.Tls, repository, "v1", null, Ct);

        Assert.Equal(image.Digest, resolved.Digest);
    }
}
