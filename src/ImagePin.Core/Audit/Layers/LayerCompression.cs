using System.IO.Compression;
using ZstdSharp;

namespace ImagePin.Audit.Layers;

/// <summary>Picks the decompressor from the layer's media type (OCI and Docker names, distributable or not).</summary>
internal static class LayerCompression
{
    public static Stream Decompress(Stream compressed, string mediaType)
    {
        var type = mediaType.Trim().ToLowerInvariant();
        if (type.EndsWith("+gzip", StringComparison.Ordinal) || type.EndsWith(".tar.gzip", StringComparison.Ordinal))
            return new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false);
        if (type.EndsWith("+zstd", StringComparison.Ordinal))
            return new DecompressionStream(compressed, leaveOpen: false);
        if (type.EndsWith(".tar", StringComparison.Ordinal))
            return compressed;
        throw new LayerReadException($"unsupported layer media type '{mediaType}' (expected a tar, tar+gzip or tar+zstd layer)");
    }
}
