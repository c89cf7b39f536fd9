namespace ImagePin.Audit.Versions;

/// <summary>How an ecosystem orders its package versions.</summary>
internal enum VersionScheme
{
    Dpkg,
    Apk,
}

internal static class VersionSchemes
{
    public static int Compare(this VersionScheme scheme, string? left, string? right) => scheme switch
    {
        VersionScheme.Dpkg => DpkgVersion.Compare(left, right),
        VersionScheme.Apk => ApkVersion.Compare(left, right),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown version scheme"),
    };
}
