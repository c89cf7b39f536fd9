using System.Globalization;
using System.Text.RegularExpressions;

namespace ImagePin.Registry.Oci;

/// <summary>RFC 3339 date-times as image configs and annotations write them (Go writes up to nine fraction digits, .NET keeps seven).</summary>
internal static partial class Rfc3339
{
    /// <returns>The time, or null when the text is not an RFC 3339 date-time.</returns>
    public static DateTimeOffset? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success) return null;
        var fraction = match.Groups["fraction"].Value;
        var dateTime = match.Groups["date"].Value + "T" + match.Groups["time"].Value;
        var normalised = $"{dateTime}{(fraction.Length > 8 ? fraction[..8] : fraction)}{match.Groups["offset"].Value.ToUpperInvariant()}";
        return DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]+)?(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex Pattern();
}
