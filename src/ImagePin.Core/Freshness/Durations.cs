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

    /// <summary>
    /// The largest unit and the one just below it, e.g. "3d 4h", "5h 2m", "40s"; "40d", not "40d 1s" (a second
    /// means nothing next to days). Negative spans get a leading '-'.
    /// </summary>
    public static string Format(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        span = span.Duration();
        (int Value, string Unit)[] units = [(span.Days, "d"), (span.Hours, "h"), (span.Minutes, "m"), (span.Seconds, "s")];
        var first = Array.FindIndex(units, u => u.Value > 0);
        if (first < 0) return "0s";
        var text = $"{units[first].Value}{units[first].Unit}";
        if (first + 1 < units.Length && units[first + 1].Value > 0) text += $" {units[first + 1].Value}{units[first + 1].Unit}";
        return sign + text;
    }

    [GeneratedRegex("^(?<n>[0-9]{1,12})(?<unit>[smhdw])$")]
    private static partial Regex Pattern();
}
