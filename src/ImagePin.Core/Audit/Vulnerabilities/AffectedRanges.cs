using ImagePin.Audit.Versions;

namespace ImagePin.Audit.Vulnerabilities;

/// <summary>
/// Whether a version lies in an <c>affected[]</c> entry, following OSV's evaluation: explicit
/// <c>versions</c>, then ECOSYSTEM ranges walked in version order (introduced opens, fixed and a
/// passed last_affected close). Other range types (GIT, SEMVER) do not apply to OS packages.
/// </summary>
internal static class AffectedRanges
{
    /// <summary>Affected or not, and the fixed version of the interval holding the version, if any.</summary>
    public static (bool Affected, string? FixedVersion) Evaluate(OsvAffected entry, string version, VersionScheme scheme)
    {
        string? fixedVersion = null;
        var affected = false;
        foreach (var range in entry.Ranges)
        {
            if (!string.Equals(range.Type, "ECOSYSTEM", StringComparison.Ordinal)) continue;
            var (inRange, fix) = InRange(range.Events, version, scheme);
            if (!inRange) continue;
            affected = true;
            fixedVersion ??= fix;
        }
        if (!affected && entry.Versions.Any(v => scheme.Compare(v, version) == 0)) affected = true;
        return (affected, affected ? fixedVersion : null);
    }

    private static (bool Affected, string? Fixed) InRange(IReadOnlyList<OsvEvent> events, string version, VersionScheme scheme)
    {
        var sorted = events.OrderBy(e => e, Comparer<OsvEvent>.Create((a, b) => Order(a, b, scheme))).ToList();
        var affected = false;
        string? fix = null;
        foreach (var e in sorted)
        {
            switch (e.Kind)
            {
                case OsvEventKind.Introduced when IsZero(e) || scheme.Compare(version, e.Version) >= 0:
                    affected = true;
                    fix = null;
                    break;
                case OsvEventKind.Fixed when scheme.Compare(version, e.Version) >= 0:
                case OsvEventKind.LastAffected when scheme.Compare(version, e.Version) > 0:
                case OsvEventKind.Limit when scheme.Compare(version, e.Version) >= 0:
                    affected = false;
                    break;
                case OsvEventKind.Fixed when affected && fix == null:
                    fix = e.Version; // the first fix above an open interval closes it
                    break;
            }
        }
        return (affected, affected ? fix : null);
    }

    // "0" sorts before every version; ties keep introduced before the events that close it.
    private static int Order(OsvEvent a, OsvEvent b, VersionScheme scheme)
    {
        if (IsZero(a) || IsZero(b)) return (IsZero(a) ? 0 : 1) - (IsZero(b) ? 0 : 1);
        var result = scheme.Compare(a.Version, b.Version);
        return result != 0 ? result : a.Kind.CompareTo(b.Kind);
    }

    private static bool IsZero(OsvEvent e) => e.Kind == OsvEventKind.Introduced && e.Version == "0";
}
