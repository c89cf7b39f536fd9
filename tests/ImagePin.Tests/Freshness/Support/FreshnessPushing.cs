using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Freshness.Support;

/// <summary>
/// Pushes the shapes the freshness tests need beyond <see cref="RegistryPusher"/>: indexes over children pushed
/// earlier (so unchanged platforms stay byte-identical), created annotations, and images without any created time.
/// </summary>
internal static class FreshnessPushing
{
    private const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>An index over already pushed platform images, optionally annotated with a created time (OCI only).</summary>
    public static async Task<PushedManifest> PushIndexOfAsync(this RegistryPusher pusher, string repository, string tag,
        IReadOnlyList<PushedManifest> children, ImageFormat format = ImageFormat.Oci, DateTimeOffset? annotatedCreated = null)
    {
        var entries = new JsonArray();
        foreach (var child in children)
        {
            var parts = child.Platform!.Split('/');
            var platform = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
            if (parts.Length == 3) platform["variant"] = parts[2];
            entries.Add(new JsonObject
            {
                ["mediaType"] = child.MediaType, ["digest"] = child.Digest, ["size"] = child.Bytes.Length, ["platform"] = platform,
            });
        }
        var mediaType = format == ImageFormat.Oci ? "application/vnd.oci.image.index.v1+json" : "application/vnd.docker.distribution.manifest.list.v2+json";
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType, ["manifests"] = entries };
        if (annotatedCreated is { } created) index["annotations"] = Annotations(created);
        var pushed = await pusher.PushManifestAsync(repository, tag, mediaType, Encoding.UTF8.GetBytes(index.ToJsonString()));
        return pushed with { Children = children };
    }

    /// <summary>Platform images created at the given times, pushed by digest only.</summary>
    public static async Task<PushedManifest[]> PushImagesAsync(this RegistryPusher pusher, string repository, DateTimeOffset created, params string[] platforms)
    {
        var images = new List<PushedManifest>();
        foreach (var platform in platforms)
            images.Add(await pusher.PushImageAsync(repository, null, ImageFormat.Oci, platform, created));
        return images.ToArray();
    }

    /// <summary>A copy of an OCI image manifest carrying a created annotation, pushed under <paramref name="tag"/>.</summary>
    public static async Task<PushedManifest> PushAnnotatedAsync(this RegistryPusher pusher, string repository, string tag,
        PushedManifest image, DateTimeOffset annotatedCreated)
    {
        var manifest = JsonNode.Parse(image.Bytes)!.AsObject();
        manifest["annotations"] = Annotations(annotatedCreated);
        var pushed = await pusher.PushManifestAsync(repository, tag, image.MediaType, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        return pushed with { ConfigDigest = image.ConfigDigest, Platform = image.Platform };
    }

    /// <summary>An OCI image whose config has no <c>created</c> field.</summary>
    public static async Task<PushedManifest> PushUndatedImageAsync(this RegistryPusher pusher, string repository, string? tag, string platform = "linux/amd64")
    {
        var layer = RandomNumberGenerator.GetBytes(128);
        var layerDigest = await pusher.PushBlobAsync(repository, layer);
        var parts = platform.Split('/');
        var config = new JsonObject
        {
            ["architecture"] = parts[1], ["os"] = parts[0],
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(RegistryPusher.Sha256(layer)) },
        };
        if (parts.Length == 3) config["variant"] = parts[2];
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = await pusher.PushBlobAsync(repository, configBytes);
        const string mediaType = "application/vnd.oci.image.manifest.v1+json";
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = mediaType,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = configBytes.Length },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = layerDigest, ["size"] = layer.Length }),
        };
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var pushed = await pusher.PushManifestAsync(repository, tag ?? RegistryPusher.Sha256(bytes), mediaType, bytes);
        return pushed with { ConfigDigest = configDigest, Platform = platform };
    }

    private static JsonObject Annotations(DateTimeOffset created) =>
        new() { [CreatedAnnotation] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") };
}
