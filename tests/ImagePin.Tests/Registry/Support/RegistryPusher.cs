using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ImagePin.Tests.Registry.Support;

internal enum ImageFormat { Oci, Docker }

/// <summary>What was pushed: the exact bytes, their digest as computed here, and an index's children.</summary>
internal sealed record PushedManifest(string Digest, string MediaType, byte[] Bytes, string? ConfigDigest, IReadOnlyList<PushedManifest> Children)
{
    public PushedManifest Child(string platform) => Children.Single(c => c.Platform == platform);
    public string? Platform { get; init; }
}

/// <summary>
/// Pushes test images straight through the Distribution API (monolithic blob upload: POST then PUT;
/// manifest PUT), moves tags and deletes manifests. The HttpClient carries whatever auth the registry needs.
/// </summary>
internal sealed class RegistryPusher(HttpClient http, string baseUrl)
{
    private const string OciConfig = "application/vnd.oci.image.config.v1+json";
    private const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    private const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    private const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async Task<string> PushBlobAsync(string repository, byte[] content)
    {
        var digest = Sha256(content);
        using var start = await http.PostAsync($"{baseUrl}/v2/{repository}/blobs/uploads/", null);
        await EnsureAsync(start, HttpStatusCode.Accepted, "blob upload start");
        var location = start.Headers.Location!;
        var upload = location.IsAbsoluteUri ? location : new Uri(new Uri(baseUrl), location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync($"{upload}{separator}digest={Uri.EscapeDataString(digest)}", body);
        await EnsureAsync(put, HttpStatusCode.Created, "blob upload");
        return digest;
    }

    public async Task<PushedManifest> PushManifestAsync(string repository, string reference, string mediaType, byte[] bytes)
    {
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"{baseUrl}/v2/{repository}/manifests/{reference}", body);
        await EnsureAsync(put, HttpStatusCode.Created, $"manifest {repository}:{reference}");
        return new PushedManifest(Sha256(bytes), mediaType, bytes, null, []);
    }

    /// <summary>A single-platform image with one random layer; <paramref name="created"/> goes into the config.</summary>
    public async Task<PushedManifest> PushImageAsync(string repository, string? tag, ImageFormat format,
        string platform = "linux/amd64", DateTimeOffset? created = null)
    {
        var layer = RandomNumberGenerator.GetBytes(256);
        var layerDigest = await PushBlobAsync(repository, layer);
        var parts = platform.Split('/');
        var config = new JsonObject
        {
            ["architecture"] = parts[1],
            ["os"] = parts[0],
            ["created"] = (created ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Sha256(layer)) },
            ["config"] = new JsonObject(),
        };
        if (parts.Length == 3) config["variant"] = parts[2];
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = await PushBlobAsync(repository, configBytes);
        var mediaType = format == ImageFormat.Oci ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.docker.distribution.manifest.v2+json";
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["config"] = Descriptor(format == ImageFormat.Oci ? OciConfig : DockerConfig, configDigest, configBytes.Length),
            ["layers"] = new JsonArray(Descriptor(format == ImageFormat.Oci ? OciLayer : DockerLayer, layerDigest, layer.Length)),
        };
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var pushed = await PushManifestAsync(repository, tag ?? Sha256(bytes), mediaType, bytes);
        return pushed with { ConfigDigest = configDigest, Platform = platform };
    }

    /// <summary>An OCI index or Docker manifest list over one image per platform ("linux/arm64/v8").</summary>
    public async Task<PushedManifest> PushIndexAsync(string repository, string tag, ImageFormat format, params string[] platforms)
    {
        var children = new List<PushedManifest>();
        foreach (var platform in platforms)
            children.Add(await PushImageAsync(repository, null, format, platform));
        var mediaType = format == ImageFormat.Oci ? "application/vnd.oci.image.index.v1+json" : "application/vnd.docker.distribution.manifest.list.v2+json";
        var entries = new JsonArray();
        foreach (var child in children)
        {
            var parts = child.Platform!.Split('/');
            var descriptor = Descriptor(child.MediaType, child.Digest, child.Bytes.Length);
            descriptor["platform"] = parts.Length == 3
                ? new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0], ["variant"] = parts[2] }
                : new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
            entries.Add(descriptor);
        }
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType, ["manifests"] = entries };
        var pushed = await PushManifestAsync(repository, tag, mediaType, Encoding.UTF8.GetBytes(index.ToJsonString()));
        return pushed with { Children = children };
    }

    /// <summary>Points <paramref name="tag"/> at an already pushed manifest.</summary>
    public Task<PushedManifest> MoveTagAsync(string repository, string tag, PushedManifest target) =>
        PushManifestAsync(repository, tag, target.MediaType, target.Bytes);

    public async Task DeleteManifestAsync(string repository, string digest)
    {
        using var response = await http.DeleteAsync($"{baseUrl}/v2/{repository}/manifests/{digest}");
        await EnsureAsync(response, HttpStatusCode.Accepted, $"delete {repository}@{digest}");
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
