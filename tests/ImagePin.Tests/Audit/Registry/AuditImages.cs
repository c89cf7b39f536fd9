using System.Text;
using System.Text.Json.Nodes;
using ImagePin.Tests.Audit.Layers;
using ImagePin.Tests.Audit.Packages;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Audit.Registry;

/// <summary>A layer to push: its blob and media type.</summary>
internal sealed record LayerBlob(string MediaType, byte[] Blob)
{
    public static LayerBlob Of(TestLayer layer, string mediaType = TestLayer.Gzip) => new(mediaType, layer.Build(mediaType));
}

/// <summary>
/// Pushes audit test images to a real registry: single images from layer blobs (base first), OCI indexes over them
/// and BuildKit-shaped SBOM attestations (an index entry with <c>vnd.docker.reference.type: attestation-manifest</c>
/// and <c>vnd.docker.reference.digest</c>, whose manifest has a layer annotated
/// <c>in-toto.io/predicate-type: https://spdx.dev/Document</c>).
/// </summary>
internal sealed class AuditImages(RegistryPusher pusher, string repository)
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public string Repository => repository;

    public async Task<PushedManifest> ImageAsync(string? tag, IReadOnlyList<LayerBlob> layersBaseFirst, string platform = "linux/amd64", DateTimeOffset? created = null)
    {
        var layers = new JsonArray();
        foreach (var layer in layersBaseFirst)
            layers.Add(Descriptor(layer.MediaType, await pusher.PushBlobAsync(repository, layer.Blob), layer.Blob.Length));
        var parts = platform.Split('/');
        var config = new JsonObject
        {
            ["architecture"] = parts[1],
            ["os"] = parts[0],
            ["created"] = (created ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
            ["config"] = new JsonObject(),
        };
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = await pusher.PushBlobAsync(repository, configBytes);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", configDigest, configBytes.Length),
            ["layers"] = layers,
        };
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var pushed = await pusher.PushManifestAsync(repository, tag ?? RegistryPusher.Sha256(bytes), OciManifest, bytes);
        return pushed with { ConfigDigest = configDigest, Platform = platform };
    }

    /// <summary>BuildKit's attestation manifest for <paramref name="subject"/>: one in-toto layer holding <paramref name="statement"/>.</summary>
    public async Task<PushedManifest> AttestationAsync(PushedManifest subject, byte[] statement)
    {
        var layerDigest = await pusher.PushBlobAsync(repository, statement);
        var configBytes = "{\"architecture\":\"unknown\",\"os\":\"unknown\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"u8.ToArray();
        var configDigest = await pusher.PushBlobAsync(repository, configBytes);
        var layer = Descriptor("application/vnd.in-toto+json", layerDigest, statement.Length);
        layer["annotations"] = new JsonObject { ["in-toto.io/predicate-type"] = "https://spdx.dev/Document" };
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", configDigest, configBytes.Length),
            ["layers"] = new JsonArray(layer),
        };
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return (await pusher.PushManifestAsync(repository, RegistryPusher.Sha256(bytes), OciManifest, bytes)) with { Platform = "unknown/unknown" };
    }

    /// <summary>An OCI index over images, each optionally followed by its attestation; <paramref name="created"/> becomes the index annotation.</summary>
    public async Task<PushedManifest> IndexAsync(string tag, IReadOnlyList<(PushedManifest Image, PushedManifest? Attestation)> entries, DateTimeOffset? created = null)
    {
        var manifests = new JsonArray();
        foreach (var (image, attestation) in entries)
        {
            var parts = image.Platform!.Split('/');
            var entry = Descriptor(image.MediaType, image.Digest, image.Bytes.Length);
            entry["platform"] = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
            manifests.Add(entry);
            if (attestation is null) continue;
            var att = Descriptor(attestation.MediaType, attestation.Digest, attestation.Bytes.Length);
            att["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" };
            att["annotations"] = new JsonObject
            {
                ["vnd.docker.reference.type"] = "attestation-manifest",
                ["vnd.docker.reference.digest"] = image.Digest,
            };
            manifests.Add(att);
        }
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = OciIndex, ["manifests"] = manifests };
        if (created is { } c) index["annotations"] = new JsonObject { ["org.opencontainers.image.created"] = c.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        var bytes = Encoding.UTF8.GetBytes(index.ToJsonString());
        return (await pusher.PushManifestAsync(repository, tag, OciIndex, bytes)) with { Children = entries.Select(e => e.Image).ToList() };
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };
}

/// <summary>Package databases for the test images: the real corpus files, with the packages the OSV fixtures speak of appended.</summary>
internal static class AuditFixtures
{
    public const string Debian9OsRelease = "PRETTY_NAME=\"Debian GNU/Linux 9 (stretch)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"9\"\nVERSION=\"9 (stretch)\"\nVERSION_CODENAME=stretch\nID=debian\n";
    public const string Alpine320OsRelease = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n";

    /// <summary>The real Ubuntu-image dpkg status of the corpus (91 packages) plus Debian 9 stanzas at the given versions (tzdata at its DLA-3051-1 fix unless given).</summary>
    public static string DpkgStatus(string opensslVersion, string libxml2Version, string dpkgVersion, string tzdataVersion = "2021a-0+deb9u4")
    {
        var real = Encoding.UTF8.GetString(PkgdbCorpus.Read("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/dpkg"));
        // The corpus file has its own dpkg and libssl entries (Ubuntu versions); drop them so each package is listed once.
        var stanzas = real.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.StartsWith("Package: dpkg\n", StringComparison.Ordinal));
        return string.Join("\n\n", stanzas.Select(s => s.TrimEnd('\n'))) + "\n\n"
            + $"Package: libssl1.1\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: {opensslVersion}\n\n"
            + $"Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: {opensslVersion}\n\n"
            + $"Package: libxml2\nStatus: install ok installed\nArchitecture: amd64\nVersion: {libxml2Version}\n\n"
            + $"Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: {dpkgVersion}\n\n"
            + $"Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: {tzdataVersion}\n";
    }

    /// <summary>The real 14-package Alpine base database of the corpus (musl 1.2.3-r0), musl set to <paramref name="muslVersion"/>.</summary>
    public static string ApkInstalled(string muslVersion) =>
        Encoding.UTF8.GetString(PkgdbCorpus.Read("syft/syft/pkg/cataloger/alpine/testdata/multiple-2/lib/apk/db/installed"))
            .Replace("V:1.2.3-r0", "V:" + muslVersion, StringComparison.Ordinal);

    /// <summary>A Debian-shaped image: base layer (os-release link, dpkg status), an apt layer (zstd, opaque dpkg folder, new status), an app layer (plain tar, a whiteout).</summary>
    public static List<LayerBlob> DebianLayers(string status)
    {
        var baseLayer = new TestLayer()
            .Directory("etc/").Symlink("etc/os-release", "../usr/lib/os-release").File("etc/debian_version", "9.13\n")
            .Noise("usr/bin/bash", 20_000).File("usr/lib/os-release", Debian9OsRelease)
            .File("var/lib/dpkg/status", DpkgStatus("1.1.0l-1~deb9u1", "2.9.4+dfsg1-2.2+deb9u1", "1.18.24"));
        var aptLayer = new TestLayer()
            .Noise("usr/lib/x86_64-linux-gnu/libssl.so.1.1", 30_000)
            .File("var/lib/dpkg/.wh..wh..opq", "").File("var/lib/dpkg/status", status);
        var appLayer = new TestLayer().File("app/.wh.old-config", "").Noise("app/server", 10_000);
        return [LayerBlob.Of(baseLayer), LayerBlob.Of(aptLayer, TestLayer.Zstd), LayerBlob.Of(appLayer, TestLayer.Tar)];
    }

    public static List<LayerBlob> AlpineLayers(string muslVersion) =>
    [
        LayerBlob.Of(new TestLayer().File("etc/os-release", Alpine320OsRelease).File("lib/apk/db/installed", ApkInstalled(muslVersion)).Noise("bin/busybox", 15_000), TestLayer.Zstd),
        LayerBlob.Of(new TestLayer().Noise("srv/app", 5_000)),
    ];
}
