using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImagePin.Registry;

namespace ImagePin.Freshness;

/// <summary>Reads created times out of verified manifest and config bytes.</summary>
internal static partial class CreatedTimes
{
    public const string AnnotationKey = "org.opencontainers.image.created";

    /// <summary>The manifest's or index's created annotation, when present and a valid timestamp.</summary>
    public static DateTimeOffset? FromAnnotation(Manifest manifest)
    {
        // ManifestParser has already proven the bytes are a JSON object.
        using var doc = JsonDocument.Parse(manifest.Bytes);
        return doc.RootElement.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
            && annotations.TryGetProperty(AnnotationKey, out var value) ? ParseTimestamp(value) : null;
    }

    /// <summary>The image config's <c>created</c> field, when present and a valid timestamp.</summary>
    /// <exception cref="RegistryException">The config is not JSON.</exception>
    public static DateTimeOffset? FromConfig(byte[] config, string location)
    {
        try
        {
            using var doc = JsonDocument.Parse(config);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("created", out var value)
                ? ParseTimestamp(value) : null;
        }
        catch (JsonException e)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"image config {location} is not valid JSON ({e.Message})", e);
        }
    }

    // A malformed time counts as absent: it must not fail the whole run, and min-age then holds the update with a reason.
    private static DateTimeOffset? ParseTimestamp(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? ParseRfc3339(value.GetString()!) : null;

    /// <summary>An RFC 3339 date-time; Go writes up to nine fraction digits, .NET keeps seven.</summary>
    internal static DateTimeOffset? ParseRfc3339(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success) return null;
        var fraction = match.Groups["fraction"].Value;
        var dateTime = match.Groups["date"].Value + "T" + match.Groups["time"].Value;
        var normalised = $"{dateTime}{(fraction.Length > 8 ? fraction[..8] : fraction)}{match.Groups["offset"].Value.ToUpperInvariant()}";
        return DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]+)?(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex Rfc3339();
}
