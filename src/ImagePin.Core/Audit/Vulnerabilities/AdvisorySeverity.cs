namespace ImagePin.Audit.Vulnerabilities;

/// <summary>How bad an advisory is, as the quickview counts it (<c>unknown</c> when the record rates it nowhere this audit reads).</summary>
internal enum AdvisorySeverity
{
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>
/// Rates a finding from its OSV severity entries: the distribution's own rating first (type <c>Ubuntu</c>:
/// negligible/low/medium/high/critical, which weighs the issue for that release), else the highest CVSS v3.x
/// base score (computed from the vector with the specification's formula). CVSS v2 and v4 vectors, and
/// Debian's records (which carry no severity), rate <c>unknown</c>.
/// </summary>
internal static class SeverityRating
{
    public static AdvisorySeverity Of(IEnumerable<OsvSeverity> severities)
    {
        var list = severities.ToList();
        foreach (var s in list)
            if (string.Equals(s.Type, "Ubuntu", StringComparison.OrdinalIgnoreCase) && FromWord(s.Score) is { } word)
                return word;
        var best = list.Where(s => string.Equals(s.Type, "CVSS_V3", StringComparison.OrdinalIgnoreCase))
            .Select(s => Cvss3.BaseScore(s.Score)).Where(score => score is not null).Max();
        return best is { } score ? FromScore(score) : AdvisorySeverity.Unknown;
    }

    public static string Name(AdvisorySeverity severity) => severity switch
    {
        AdvisorySeverity.Critical => "critical",
        AdvisorySeverity.High => "high",
        AdvisorySeverity.Medium => "medium",
        AdvisorySeverity.Low => "low",
        _ => "unknown",
    };

    /// <summary>CVSS v3 qualitative ratings: 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical.</summary>
    public static AdvisorySeverity FromScore(double score) => score switch
    {
        >= 9.0 => AdvisorySeverity.Critical,
        >= 7.0 => AdvisorySeverity.High,
        >= 4.0 => AdvisorySeverity.Medium,
        > 0 => AdvisorySeverity.Low,
        _ => AdvisorySeverity.Unknown,
    };

    private static AdvisorySeverity? FromWord(string word) => word.ToLowerInvariant() switch
    {
        "critical" => AdvisorySeverity.Critical,
        "high" => AdvisorySeverity.High,
        "medium" => AdvisorySeverity.Medium,
        "low" or "negligible" => AdvisorySeverity.Low,
        _ => null,
    };
}

/// <summary>The CVSS v3.0/v3.1 base score of a vector string (<c>CVSS:3.1/AV:N/AC:L/…</c>), per the v3.1 specification §7.</summary>
internal static class Cvss3
{
    /// <returns>The base score, or null when the vector is not a complete v3 base vector.</returns>
    public static double? BaseScore(string vector)
    {
        var parts = vector.Split('/');
        if (parts.Length < 9 || !(parts[0] is "CVSS:3.0" or "CVSS:3.1")) return null;
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) return null;
            metrics.TryAdd(part[..colon], part[(colon + 1)..]);
        }
        string? M(string name) => metrics.GetValueOrDefault(name);
        var changed = M("S") switch { "C" => true, "U" => false, _ => (bool?)null };
        double? av = M("AV") switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? ac = M("AC") switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? pr = M("PR") switch { "N" => 0.85, "L" => changed == true ? 0.68 : 0.62, "H" => changed == true ? 0.5 : 0.27, _ => null };
        double? ui = M("UI") switch { "N" => 0.85, "R" => 0.62, _ => null };
        double? Cia(string name) => M(name) switch { "H" => 0.56, "L" => 0.22, "N" => 0.0, _ => null };
        var (c, i, a) = (Cia("C"), Cia("I"), Cia("A"));
        if (changed is null || av is null || ac is null || pr is null || ui is null || c is null || i is null || a is null) return null;

        var iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
        var impact = changed.Value ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        if (impact <= 0) return 0;
        var exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        return RoundUp(Math.Min((changed.Value ? 1.08 : 1.0) * (impact + exploitability), 10));
    }

    // The specification's Roundup: the smallest one-decimal number not below the input, computed on integers
    // so that floating-point noise (e.g. 4.000000001) does not round up.
    private static double RoundUp(double value)
    {
        var scaled = (long)Math.Round(value * 100_000);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.Floor(scaled / 10_000.0) + 1) / 10.0;
    }
}
