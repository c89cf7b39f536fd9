using System.Text.Json;
using ImagePin.References;

namespace ImagePin.Registry.Oci;

/// <summary>Verified manifest bytes → the typed <see cref="Manifest"/>, checking what a usable manifest or index must have.</summary>
internal static class ManifestParser
{
    private static readonly IReadOnlyDictionary<string, string> NoAnnotations = new Dictionary<string, string>();

    /// <summary><paramref name="contentType"/> wins when it names a manifest type, as Docker does.</summary>
    /// <exception cref="RegistryException">Not a JSON manifest of a supported kind.</exception>
    public static Manifest Parse(string digest, string? contentType, byte[] bytes, string location)
    {
        ManifestJson json;
        try
        {
            json = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ManifestJson) ?? throw Invalid(location, "it is not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // invalid UTF-8 in a string surfaces when it is read
        {
            throw Invalid(location, $"it is not valid JSON ({e.Message})");
        }
        var mediaType = MediaTypes.IsKnownManifest(contentType) ? contentType!
            : MediaTypes.IsKnownManifest(json.MediaType) ? json.MediaType!
            : json.Manifests is not null ? MediaTypes.OciIndex
            : json.Config is not null && json.Layers is not null ? MediaTypes.OciManifest
            : throw Invalid(location, $"its media type '{contentType ?? json.MediaType ?? "(none)"}' is not an OCI or Docker schema 2 manifest or index");
        var annotations = json.Annotations ?? NoAnnotations;
        var subject = json.Subject is null ? null : Descriptor(json.Subject, "subject", location);

        if (MediaTypes.IsIndex(mediaType))
        {
            if (json.Manifests is null) throw Invalid(location, "an index without a 'manifests' array");
            var entries = json.Manifests.Select((m, i) => Descriptor(m, $"manifests[{i}]", location)).ToList();
            return new Manifest(digest, mediaType, bytes, entries, null, [], annotations, json.ArtifactType, subject);
        }
        if (json.Config is null || !ReferenceParts.IsValidDigest(json.Config.Digest))
            throw Invalid(location, "an image manifest without a valid config digest");
        var config = Descriptor(json.Config, "config", location);
        var layers = (json.Layers ?? []).Select((l, i) => Descriptor(l, $"layers[{i}]", location)).ToList();
        return new Manifest(digest, mediaType, bytes, [], config, layers, annotations, json.ArtifactType, subject);
    }

    private static Descriptor Descriptor(DescriptorJson? d, string where, string location)
    {
        if (d is null) throw Invalid(location, $"{where} is not an object");
        if (!ReferenceParts.IsValidDigest(d.Digest)) throw Invalid(location, $"{where} has no valid digest");
        var platform = d.Platform is { Os: { Length: > 0 } os, Architecture: { Length: > 0 } arch } p ? new Platform(os, arch, p.Variant) : null;
        return new Descriptor(d.MediaType ?? "", d.Digest!, d.Size ?? -1, platform, d.Annotations, d.ArtifactType);
    }

    private static RegistryException Invalid(string location, string why) =>
        new(RegistryErrorKind.Protocol, $"manifest {location} is not usable: {why}");
}
