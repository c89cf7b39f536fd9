namespace ImagePin.Audit.Layers;

/// <summary>What the top-most entry at a wanted path turned out to be.</summary>
internal enum EntryKind
{
    /// <summary>A regular file; its content was read.</summary>
    File,

    /// <summary>A symbolic or hard link, recorded but not followed (the audit reads the other wanted path instead).</summary>
    Link,

    /// <summary>A directory, device or other non-file, or a path under a non-directory.</summary>
    Absent,

    /// <summary>Deleted or made invisible by an upper layer's whiteout.</summary>
    Hidden,
}

/// <summary>A wanted path as the image shows it, and the layer (top-down index) it comes from.</summary>
internal sealed record ImageFile(string Path, EntryKind Kind, int Layer, byte[] Content, string? LinkTarget);

/// <summary>What reading one layer cost: whether it was opened, bytes pulled from its stream, and whether the tar was left unfinished.</summary>
internal sealed record LayerReadStats(int Layer, bool Opened, long CompressedBytesRead, long UncompressedBytesRead, bool StoppedEarly);

/// <summary>
/// The wanted files of an image. The accessors apply the precedence rules: <c>etc/os-release</c>
/// before <c>usr/lib/os-release</c> (os-release(5)); apk's classic path before its /usr one; and
/// <c>status.d/</c> records only for images without a <c>var/lib/dpkg/status</c> (distroless).
/// </summary>
internal sealed class ImageFiles(IReadOnlyDictionary<string, ImageFile> exact, IReadOnlyList<ImageFile> statusD, IReadOnlyList<LayerReadStats> layers)
{
    /// <summary>Every settled wanted path (found, link, absent or hidden).</summary>
    public IReadOnlyDictionary<string, ImageFile> Exact => exact;

    public IReadOnlyList<LayerReadStats> Layers => layers;

    public long CompressedBytesRead => layers.Sum(l => l.CompressedBytesRead);

    public byte[]? OsRelease => FileAt(WantedPaths.EtcOsRelease) ?? FileAt(WantedPaths.UsrLibOsRelease);

    public byte[]? DpkgStatus => FileAt(WantedPaths.DpkgStatus);

    /// <summary>Distroless package records, in path order; empty when the image has a status file.</summary>
    public IReadOnlyList<ImageFile> DpkgStatusD => DpkgStatus == null ? statusD : [];

    public byte[]? ApkInstalled => FileAt(WantedPaths.ApkInstalled) ?? FileAt(WantedPaths.UsrLibApkInstalled);

    private byte[]? FileAt(string path) => exact.TryGetValue(path, out var file) && file.Kind == EntryKind.File ? file.Content : null;
}
