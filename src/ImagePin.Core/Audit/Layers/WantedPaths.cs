namespace ImagePin.Audit.Layers;

/// <summary>The files an audit needs from an image, as normalized paths.</summary>
internal static class WantedPaths
{
    public const string EtcOsRelease = "etc/os-release";
    public const string UsrLibOsRelease = "usr/lib/os-release";
    public const string DpkgStatus = "var/lib/dpkg/status";
    public const string DpkgStatusD = "var/lib/dpkg/status.d";
    public const string ApkInstalled = "lib/apk/db/installed";
    public const string UsrLibApkInstalled = "usr/lib/apk/db/installed";

    public static readonly string[] Exact = [EtcOsRelease, UsrLibOsRelease, DpkgStatus, ApkInstalled, UsrLibApkInstalled];

    public static bool IsExact(string path) => Array.IndexOf(Exact, path) >= 0;

    // md5sums files beside distroless package records are file lists, not package records.
    public static bool IsStatusDFile(string path) =>
        TarPaths.Parent(path) == DpkgStatusD && !path.EndsWith(".md5sums", StringComparison.Ordinal);

    /// <summary>Whether a change at <paramref name="path"/> can hide a wanted file: it is one, holds one, or is a status.d file.</summary>
    public static bool Concerns(string path) =>
        IsStatusDFile(path) || TarPaths.IsAtOrUnder(DpkgStatusD, path) || Exact.Any(w => TarPaths.IsAtOrUnder(w, path));
}
