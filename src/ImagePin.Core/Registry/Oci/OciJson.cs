using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePin.Registry.Oci;

// The JSON shapes of the OCI image spec (and Docker schema 2, which shares them), read with source-generated
// serialization so the native binary needs no reflection. Every field is optional here; ManifestParser decides
// what a usable manifest must have.

internal sealed class ManifestJson
{
    public int? SchemaVersion { get; set; }
    public string? MediaType { get; set; }
    public string? ArtifactType { get; set; }
    public DescriptorJson? Config { get; set; }
    public List<DescriptorJson>? Layers { get; set; }
    public List<DescriptorJson>? Manifests { get; set; }
    public DescriptorJson? Subject { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

internal sealed class DescriptorJson
{
    public string? MediaType { get; set; }
    public string? Digest { get; set; }
    public long? Size { get; set; }
    public PlatformJson? Platform { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public string? ArtifactType { get; set; }
}

internal sealed class PlatformJson
{
    public string? Os { get; set; }
    public string? Architecture { get; set; }
    public string? Variant { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ManifestJson))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
