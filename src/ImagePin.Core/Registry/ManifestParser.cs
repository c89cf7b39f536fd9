using System.Text.Json;

namespace ImagePin.Registry;

internal static class ManifestParser
{
    /// <summary>Parses verified manifest bytes. <paramref name="contentType"/> wins when it names a manifest type, as Docker does.</summary>
    /// <exception cref="RegistryException">Not a JSON manifest of a supported kind.</exception>
    public static Manifest Parse(string digest, string? contentType, byte[] bytes, string location)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid(location, "it is not a JSON object");
            var declared = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
            var mediaType = MediaTypes.IsKnownManifest(contentType) ? contentType!
                : MediaTypes.IsKnownManifest(declared) ? declared!
                : root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
                : root.TryGetProperty("config", out _) && root.TryGetProperty("layers", out _) ? MediaTypes.OciManifest
                : throw Invalid(location, $"its media type '{contentType ?? declared ?? "(none)"}' is not an OCI or Docker schema 2 manifest or index");

            if (MediaTypes.IsIndex(mediaType))
            {
                if (!root.TryGetProperty("manifests", out var list) || list.ValueKind != JsonValueKind.Array)
                    throw Invalid(location, "an index without a 'manifests' array");
                var children = list.EnumerateArray().Select((m, i) => ParseChild(m, i, location)).ToList();
                return new Manifest(digest, mediaType, bytes, children, null);
            }
            var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object
                && c.TryGetProperty("digest", out var cd) && cd.ValueKind == JsonValueKind.String ? cd.GetString() : null;
            if (!ContentDigest.IsValid(config))
                throw Invalid(location, "an image manifest without a valid config digest");
            return new Manifest(digest, mediaType, bytes, [], config);
        }
        catch (JsonException e)
        {
            throw Invalid(location, $"it is not valid JSON ({e.Message})");
        }
    }

    /// <summary>The platform an image config declares.</summary>
    public static Platform? ParseConfigPlatform(byte[] config, string location)
    {
        try
        {
            using var doc = JsonDocument.Parse(config);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object ? ReadPlatform(root) : null;
        }
        catch (JsonException e)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"image config {location} is not valid JSON ({e.Message})", e);
        }
    }

    private static ManifestChild ParseChild(JsonElement m, int index, string location)
    {
        string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (m.ValueKind != JsonValueKind.Object)
            throw Invalid(location, $"manifests[{index}] is not an object");
        var digest = Str(m, "digest");
        if (!ContentDigest.IsValid(digest))
            throw Invalid(location, $"manifests[{index}] has no valid digest");
        var size = m.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : -1;
        var platform = m.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object ? ReadPlatform(p) : null;
        return new ManifestChild(digest!, Str(m, "mediaType") ?? "", size, platform);
    }

    private static Platform? ReadPlatform(JsonElement e)
    {
        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var os = Str("os");
        var arch = Str("architecture");
        return string.IsNullOrEmpty(os) || string.IsNullOrEmpty(arch) ? null : new Platform(os, arch, Str("variant"));
    }

    private static RegistryException Invalid(string location, string why) =>
        new(RegistryErrorKind.Protocol, $"manifest {location} is not usable: {why}");
}
