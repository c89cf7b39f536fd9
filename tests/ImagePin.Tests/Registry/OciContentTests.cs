using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>The typed manifest model, attestations, verifying blob streams, referrers and routing, against the real registry where it can play the part.</summary>
public sealed class OciContentTests
{
    private const string FakeHost = "198.51.100.7";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly RegistryOptions Fast = new() { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Attestation_manifests_in_an_index_are_not_images_and_are_found_for_their_platform_manifest()
    {
        var repository = TestRegistries.UniqueRepository("attest");
        var pusher = Pushers.Open();
        var image = await pusher.PushImageAsync(repository, null, ImageFormat.Oci, "linux/amd64");
        var attestation = await pusher.PushImageAsync(repository, null, ImageFormat.Oci, "linux/amd64");
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(
                new JsonObject
                {
                    ["mediaType"] = MediaTypes.OciManifest, ["digest"] = image.Digest, ["size"] = image.Bytes.Length,
                    ["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "amd64" },
                },
                new JsonObject
                {
                    ["mediaType"] = MediaTypes.OciManifest, ["digest"] = attestation.Digest, ["size"] = attestation.Bytes.Length,
                    ["platform"] = new JsonObject { ["os"] = "unknown", ["architecture"] = "unknown" },
                    ["annotations"] = new JsonObject
                    {
                        ["vnd.docker.reference.type"] = "attestation-manifest", ["vnd.docker.reference.digest"] = image.Digest,
                    },
                }),
            ["annotations"] = new JsonObject { ["org.opencontainers.image.created"] = "2026-01-02T03:04:05Z" },
        };
        await pusher.PushManifestAsync(repository, "v1", MediaTypes.OciIndex, Encoding.UTF8.GetBytes(index.ToJsonString()));
        using var client = new RegistryClient(Fast, StaticCredentials.None);

        var manifest = await client.Manifests.GetAsync(TestRegistries.Open, repository, "v1", Ct);

        Assert.True(manifest.IsIndex);
        Assert.Equal([image.Digest], manifest.Images.Select(m => m.Digest));
        Assert.Equal(["linux/amd64"], manifest.Platforms.Select(p => p.ToString()));
        Assert.Equal([attestation.Digest], manifest.AttestationsOf(image.Digest).Select(a => a.Digest));
        Assert.Equal("2026-01-02T03:04:05Z", manifest.Annotation(Manifest.CreatedAnnotation));
        var single = await client.Manifests.GetAsync(TestRegistries.Open, repository, image.Digest, Ct);
        Assert.Equal(image.ConfigDigest, single.Config!.Digest);
        Assert.Single(single.Layers);
    }

    [Fact]
    public async Task Blob_stream_from_the_registry_reads_the_whole_layer_and_proves_it()
    {
        var repository = TestRegistries.UniqueRepository("blobstream");
        var layer = new byte[300_000];
        new Random(7).NextBytes(layer);
        var digest = await Pushers.Open().PushBlobAsync(repository, layer);
        using var client = new RegistryClient(Fast, StaticCredentials.None);

        await using var stream = await client.Blobs.OpenAsync(TestRegistries.Open, repository, digest, maxBytes: 1_000_000, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);

        Assert.Equal(layer, copy.ToArray());
    }

    [Fact]
    public async Task Blob_stream_whose_bytes_do_not_hash_to_the_digest_fails_at_the_end()
    {
        var body = Encoding.UTF8.GetBytes("layer bytes");
        var digest = FakeRegistry.Sha256(Encoding.UTF8.GetBytes("other bytes"));
        var fake = new FakeRegistry((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        await using var stream = await client.Blobs.OpenAsync(FakeHost, "team/app", digest, maxBytes: 1000, Ct);
        var error = await Assert.ThrowsAsync<RegistryException>(() => stream.CopyToAsync(Stream.Null, Ct));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains(digest, error.Message);
    }

    [Fact]
    public async Task Blob_stream_past_its_limit_fails_while_reading_even_without_a_declared_length()
    {
        var body = new byte[5000];
        var fake = new FakeRegistry((_, _) =>
        {
            var content = new StreamContent(new UnknownLengthStream(body));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        await using var stream = await client.Blobs.OpenAsync(FakeHost, "team/app", FakeRegistry.Sha256(body), maxBytes: 1000, Ct);
        var error = await Assert.ThrowsAsync<RegistryException>(() => stream.CopyToAsync(Stream.Null, Ct));

        Assert.Equal(RegistryErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public async Task Referrers_of_a_registry_without_the_api_are_null_so_callers_can_fall_back()
    {
        var repository = TestRegistries.UniqueRepository("referrers");
        var image = await Pushers.Open().PushImageAsync(repository, "v1", ImageFormat.Oci);
        using var client = new RegistryClient(Fast, StaticCredentials.None);

        // distribution 2.8 (Debian's docker-registry) predates OCI 1.1's referrers API and answers 404.
        Assert.Null(await client.Manifests.GetReferrersAsync(TestRegistries.Open, repository, image.Digest, null, Ct));
    }

    [Fact]
    public async Task Referrers_are_listed_and_filtered_by_artifact_type()
    {
        var subject = "sha256:" + new string('c', 64);
        var list = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{new string('1', 64)}}","size":10,"artifactType":"application/spdx+json"},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{new string('2', 64)}}","size":10,"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json"}]}
            """;
        var fake = new FakeRegistry((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(list) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciIndex);
            return response;
        });
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var all = await client.Manifests.GetReferrersAsync(FakeHost, "team/app", subject, null, Ct);
        var sboms = await client.Manifests.GetReferrersAsync(FakeHost, "team/app", subject, "application/spdx+json", Ct);

        Assert.Equal(2, all!.Count);
        Assert.Equal(["sha256:" + new string('1', 64)], sboms!.Select(d => d.Digest));
        Assert.Contains(fake.Requests, r => r.Uri.AbsolutePath == $"/v2/team/app/referrers/{subject}" && r.Uri.Query.Contains("artifactType=application%2Fspdx%2Bjson"));
    }

    [Theory]
    [InlineData("bad-.example.com")]
    [InlineData("-bad.example.com")]
    [InlineData("host:port")]
    public async Task Registry_host_the_reference_grammar_refuses_never_reaches_the_wire(string registry)
    {
        var fake = new FakeRegistry((_, _) => FakeRegistry.Status(HttpStatusCode.InternalServerError));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(registry, "team/app", "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.InvalidReference, error.Kind);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_mirror_is_asked_instead_of_the_registry_the_reference_names()
    {
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((_, _) => FakeRegistry.Manifest(body, MediaTypes.OciManifest, FakeRegistry.Sha256(body), head: true));
        var options = Fast with { Routing = new RegistryRouting(new Dictionary<string, string> { ["docker.io"] = "mirror.example.com:5000" }) };
        using var client = new RegistryClient(options, StaticCredentials.None, fake);

        var resolved = await client.ResolveAsync("docker.io", "library/alpine", "3", null, Ct);

        Assert.Equal(FakeRegistry.Sha256(body), resolved.Digest);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("mirror.example.com", request.Uri.Host);
        Assert.Equal(5000, request.Uri.Port);
        Assert.Equal("/v2/library/alpine/manifests/3", request.Uri.AbsolutePath);
    }

    /// <summary>A body whose length the response cannot tell in advance (as with chunked transfer).</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
