using System.Text.Json;

namespace ImagePin.Registry.Oci;

/// <summary>What imagepin reads from an image config blob: the platform it declares and when it was created.</summary>
/// <param name="Created">The config's <c>created</c> time; null when absent or malformed (a bad time must not fail the run).</param>
internal sealed record ImageConfig(Platform? Platform, DateTimeOffset? Created)
{
    /// <summary>Fields of the wrong type count as absent; only bytes that are not JSON at all are an error.</summary>
    /// <exception cref="RegistryException">The config is not JSON.</exception>
    public static ImageConfig Parse(byte[] bytes, string location)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ImageConfig(null, null);
            string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var (os, arch) = (Str("os"), Str("architecture"));
            var platform = string.IsNullOrEmpty(os) || string.IsNullOrEmpty(arch) ? null : new Platform(os, arch, Str("variant"));
            var created = Str("created") is { } text ? Rfc3339.Parse(text) : null;
            return new ImageConfig(platform, created);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // invalid UTF-8 in a string surfaces when it is read
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"image config {location} is not valid JSON ({e.Message})", e);
        }
    }
}
