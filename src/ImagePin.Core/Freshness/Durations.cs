using System.Globalization;
using System.Text.RegularExpressions;

namespace ImagePin.Freshness;

/// <summary>Ages as options take them ("3d", "12h") and as reports show them ("3d 4h").</summary>
internal static partial class Durations
{
    /// <summary>A whole number and one unit: s, m, h, d or w.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string? error)
    {
        duration = default;
        error = null;
        var match = Pattern().Match(text ?? "");
        if (!match.Success || !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            error = $"'{text}' is not a duration: use a whole number and a unit s, m, h, d or w (e.g. 3d, 12h, 2w)";
            return false;
        }
        var unit = match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => TimeSpan.FromDays(7),
        };
        if (n > TimeSpan.FromDays(365 * 100).Ticks / unit.Ticks)
        {
            error = $"'{text}' is too long: at most 100 years";
            return false;
        }
        duration = unit * n;
        return true;
    }

    /// <summary>The two largest units, e.g. "3d 4h", "5h 2m", "40s"; negative spans get a leading '-'.</summary>
    public static string Format(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        span = span.Duration();
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days}d");
        if (span.Hours > 0) parts.Add($"{span.Hours}h");
        if (span.Minutes > 0) parts.Add($"{span.Minutes}m");
        if (span.Seconds > 0 || parts.Count == 0) parts.Add($"{span.Seconds}s");
        return sign + string.Join(' ', parts.Take(2));
    }

    [GeneratedRegex("^(?<n>[0-9]{1,12})(?<unit>[smhdw])$")]
    private static partial Regex Pattern();
}
