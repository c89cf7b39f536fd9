using System.Formats.Tar;

namespace ImagePin.Audit.Layers;

/// <summary>
/// Settles each wanted path from the top-most layer that has something to say about it. Within one
/// layer a later entry for the same path replaces an earlier one, as extraction would.
/// </summary>
/// <param name="statusNamesRelease">
/// When given and true for the settled dpkg status, os-release is not needed (the status names the release, see
/// <see cref="Packages.DebianBaseFiles"/>): reading stops at the top-most package database.
/// </param>
internal sealed class WantedFiles(LayerLimits limits, Predicate<byte[]>? statusNamesRelease = null)
{
    private bool? _statusNamesRelease;

    private readonly Dictionary<string, ImageFile> _exact = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ImageFile> _statusD = new(StringComparer.Ordinal);
    private readonly LowerLayerMask _mask = new();
    private int _layer = -1;

    /// <summary>
    /// Nothing a lower entry could change: os-release is settled (<c>etc/os-release</c> a file, or
    /// both paths settled), and a package database is known — a dpkg status or apk database file
    /// (an image has one package manager; status.d/ only counts without a status file), or every
    /// database path settled and status.d/ hidden.
    /// </summary>
    public bool IsComplete
    {
        get
        {
            var osRelease = KindOf(WantedPaths.EtcOsRelease) == EntryKind.File
                || (Settled(WantedPaths.EtcOsRelease) && Settled(WantedPaths.UsrLibOsRelease));
            var database = KindOf(WantedPaths.DpkgStatus) == EntryKind.File
                || KindOf(WantedPaths.ApkInstalled) == EntryKind.File
                || KindOf(WantedPaths.UsrLibApkInstalled) == EntryKind.File
                || (Settled(WantedPaths.DpkgStatus) && Settled(WantedPaths.ApkInstalled) && Settled(WantedPaths.UsrLibApkInstalled)
                    && _mask.HidesAllBelow(WantedPaths.DpkgStatusD));
            return (osRelease || StatusNamesRelease()) && database;
        }
    }

    /// <summary>Moves below the previous layer: its whiteouts now apply, and settle what they hide.</summary>
    public void StartLayer(int layer)
    {
        _mask.EndLayer();
        _layer = layer;
        foreach (var path in WantedPaths.Exact)
            if (!Settled(path) && _mask.Hides(path))
                _exact[path] = new ImageFile(path, EntryKind.Hidden, layer, [], null);
    }

    public async Task VisitAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var path = TarPaths.Normalize(entry.Name, limits.MaxPathDepth);
        if (path == null) return; // escapes the root or nests too deep: no overlay would show it
        var name = TarPaths.Name(path);
        if (name == TarPaths.OpaqueMarker)
        {
            _mask.MakeOpaque(TarPaths.Parent(path));
            return;
        }
        if (name.StartsWith(TarPaths.WhiteoutPrefix, StringComparison.Ordinal))
        {
            if (!name.StartsWith(TarPaths.WhiteoutPrefix + TarPaths.WhiteoutPrefix, StringComparison.Ordinal)) // .wh..wh.* is aufs bookkeeping
                _mask.Delete(TarPaths.Join(TarPaths.Parent(path), name[TarPaths.WhiteoutPrefix.Length..]));
            return;
        }
        if (_mask.Hides(path)) return;
        if (entry.EntryType != TarEntryType.Directory)
        {
            _mask.Replace(path);
            SettleBelow(path);
        }
        if (WantedPaths.IsExact(path) && CanSettle(_exact, path))
            _exact[path] = await ReadAsync(entry, path, cancellationToken).ConfigureAwait(false);
        else if (WantedPaths.IsStatusDFile(path) && CanSettle(_statusD, path))
            await AddStatusDAsync(entry, path, cancellationToken).ConfigureAwait(false);
    }

    public ImageFiles ToResult(List<LayerReadStats> stats) =>
        new(new Dictionary<string, ImageFile>(_exact), _statusD.Values.Where(f => f.Kind == EntryKind.File).ToList(), stats);

    private async Task AddStatusDAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        if (!_statusD.ContainsKey(path) && _statusD.Count >= limits.MaxStatusDFiles)
            throw new LayerReadException($"more than {limits.MaxStatusDFiles} files in {WantedPaths.DpkgStatusD}/");
        _statusD[path] = await ReadAsync(entry, path, cancellationToken).ConfigureAwait(false);
    }

    // A file, link or device at a directory of a wanted path means that path is not in this
    // layer, and the mask keeps it out of the lower ones.
    private void SettleBelow(string path)
    {
        foreach (var wanted in WantedPaths.Exact)
            if (wanted != path && TarPaths.IsAtOrUnder(wanted, path) && CanSettle(_exact, wanted))
                _exact[wanted] = new ImageFile(wanted, EntryKind.Absent, _layer, [], null);
    }

    private bool CanSettle(IDictionary<string, ImageFile> files, string path) =>
        !files.TryGetValue(path, out var file) || file.Layer == _layer;

    private async Task<ImageFile> ReadAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                if (entry.Length > limits.MaxFileBytes)
                    throw new LayerReadException($"{path} in layer {_layer} is {entry.Length} bytes, over the {limits.MaxFileBytes}-byte file limit");
                var content = new byte[entry.Length];
                if (entry.DataStream != null) await entry.DataStream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                return new ImageFile(path, EntryKind.File, _layer, content, null);
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                return new ImageFile(path, EntryKind.Link, _layer, [], entry.LinkName);
            default:
                return new ImageFile(path, EntryKind.Absent, _layer, [], null);
        }
    }

    private bool StatusNamesRelease()
    {
        if (statusNamesRelease is null || !_exact.TryGetValue(WantedPaths.DpkgStatus, out var status) || status.Kind != EntryKind.File) return false;
        return _statusNamesRelease ??= statusNamesRelease(status.Content);
    }

    private bool Settled(string path) => _exact.ContainsKey(path);

    private EntryKind? KindOf(string path) => _exact.TryGetValue(path, out var file) ? file.Kind : null;
}
