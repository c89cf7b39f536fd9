using System.Formats.Tar;

namespace ImagePin.Audit.Layers;

/// <summary>
/// Finds the wanted files of an image by streaming its layers top-down, the way an overlay mount
/// would show them: the top-most entry wins and whiteouts hide lower content. It stops reading a
/// layer once every wanted file is settled and opens no layer below that point; see
/// <see cref="WantedFiles.IsComplete"/> for when that is. Links are recorded, not followed:
/// Debian's <c>etc/os-release</c> links to <c>usr/lib/os-release</c>, which is wanted anyway, and
/// following arbitrary links would mean reading layers we could otherwise skip.
/// </summary>
internal static class ImageFileFinder
{
    /// <param name="layers">The image's layers top-down: index 0 is the last layer of the manifest.</param>
    /// <exception cref="LayerReadException">A layer is unsupported, corrupt or over a bound.</exception>
    /// <param name="statusNamesRelease">Stop without os-release once the dpkg status names the release (see <see cref="WantedFiles"/>).</param>
    public static async Task<ImageFiles> FindAsync(IReadOnlyList<LayerSource> layers, OpenLayer open, LayerLimits? limits = null,
        CancellationToken cancellationToken = default, Predicate<byte[]>? statusNamesRelease = null)
    {
        limits ??= new LayerLimits();
        var wanted = new WantedFiles(limits, statusNamesRelease);
        var stats = new List<LayerReadStats>();
        for (var index = 0; index < layers.Count; index++)
        {
            wanted.StartLayer(index);
            if (wanted.IsComplete)
            {
                stats.Add(new LayerReadStats(index, false, 0, 0, false));
                continue;
            }
            var layer = layers[index];
            if (layer.DeclaredSize > limits.MaxLayerBytes)
                throw new LayerReadException($"layer {index} declares {layer.DeclaredSize} bytes, over the {limits.MaxLayerBytes}-byte limit");
            stats.Add(await ReadLayerAsync(index, layer, open, wanted, limits, cancellationToken).ConfigureAwait(false));
        }
        return wanted.ToResult(stats);
    }

    private static async Task<LayerReadStats> ReadLayerAsync(int index, LayerSource layer, OpenLayer open, WantedFiles wanted, LayerLimits limits, CancellationToken cancellationToken)
    {
        var compressed = new MeteredStream(await open(index, cancellationToken).ConfigureAwait(false), limits.MaxLayerBytes,
            limit => $"layer {index} is longer than the {limit}-byte layer limit");
        await using var owner = compressed.ConfigureAwait(false);
        var uncompressed = new MeteredStream(LayerCompression.Decompress(compressed, layer.MediaType), limits.MaxUncompressedBytes,
            limit => $"layer {index} decompresses past {limit} bytes (decompression-bomb guard)");
        await using var uncompressedOwner = uncompressed.ConfigureAwait(false);
        var stoppedEarly = false;
        try
        {
            await using var reader = new TarReader(uncompressed, leaveOpen: true);
            var entries = 0;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (++entries > limits.MaxEntries)
                    throw new LayerReadException($"layer {index} has more than {limits.MaxEntries} entries");
                await wanted.VisitAsync(entry, cancellationToken).ConfigureAwait(false);
                if (wanted.IsComplete)
                {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        // What damaged headers or compressed data make the tar and decompression readers throw.
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or OverflowException
                                   or ArgumentOutOfRangeException or ZstdSharp.ZstdException)
        {
            throw new LayerReadException($"layer {index} ({layer.MediaType}) is not a readable tar archive: {e.Message}", e);
        }
        return new LayerReadStats(index, true, compressed.BytesRead, uncompressed.BytesRead, stoppedEarly);
    }
}
