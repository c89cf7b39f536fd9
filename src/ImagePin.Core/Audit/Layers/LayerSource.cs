namespace ImagePin.Audit.Layers;

/// <summary>A layer as its manifest describes it: media type and declared (compressed) size.</summary>
internal sealed record LayerSource(string MediaType, long DeclaredSize);

/// <summary>Opens layer <paramref name="index"/> (top-down numbering) as its compressed byte stream, e.g. a registry blob download.</summary>
internal delegate Task<Stream> OpenLayer(int index, CancellationToken cancellationToken);

/// <summary>Bounds on what one image's layers may make us read.</summary>
internal sealed record LayerLimits
{
    /// <summary>Layers declaring more are refused before they are opened; also caps the bytes read from one.</summary>
    public long MaxLayerBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Decompressed bytes read from one layer before it is taken for a decompression bomb.</summary>
    public long MaxUncompressedBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Largest wanted file (a full Ubuntu dpkg status is a few MiB).</summary>
    public int MaxFileBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Tar entries read from one layer.</summary>
    public int MaxEntries { get; init; } = 2_000_000;

    /// <summary>Files collected from <c>var/lib/dpkg/status.d/</c> over all layers.</summary>
    public int MaxStatusDFiles { get; init; } = 20_000;

    /// <summary>Path segments in one entry name; deeper entries are skipped.</summary>
    public int MaxPathDepth { get; init; } = 256;
}

/// <summary>A layer that cannot be read: unsupported media type, corrupt archive, or over a bound.</summary>
internal sealed class LayerReadException(string message, Exception? inner = null) : Exception(message, inner);
