namespace ImagePin.Audit.Layers;

/// <summary>
/// What upper layers hide from lower ones (OCI image spec, "Whiteouts"): <c>.wh.name</c> deletes
/// a path and all below it, <c>.wh..wh..opq</c> empties a directory of lower content, and a
/// non-directory entry replaces any lower directory of that name. A layer's markers apply only
/// below it, so they wait in <c>pending</c> until the layer ends. Only paths that concern wanted
/// files are kept, which bounds the sets by the handful of wanted paths and status.d files.
/// </summary>
internal sealed class LowerLayerMask
{
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _emptied = new(StringComparer.Ordinal);
    private readonly List<(HashSet<string> Set, string Path)> _pending = [];

    public void Delete(string path) => Add(_deleted, path);

    public void MakeOpaque(string directory) => Add(_emptied, directory);

    public void Replace(string path) => Add(_emptied, path); // nothing lower survives below a file

    /// <summary>Applies the ended layer's markers to the layers below it.</summary>
    public void EndLayer()
    {
        foreach (var (set, path) in _pending) set.Add(path);
        _pending.Clear();
    }

    /// <summary>Whether lower-layer content at <paramref name="path"/> is invisible.</summary>
    public bool Hides(string path)
    {
        if (_deleted.Contains(path)) return true;
        for (var dir = TarPaths.Parent(path); ; dir = TarPaths.Parent(dir))
        {
            if (_deleted.Contains(dir) || _emptied.Contains(dir)) return true;
            if (dir.Length == 0) return false;
        }
    }

    /// <summary>Whether every lower-layer entry below <paramref name="directory"/> is invisible.</summary>
    public bool HidesAllBelow(string directory) => _emptied.Contains(directory) || Hides(directory);

    private void Add(HashSet<string> set, string path)
    {
        if (path.Length == 0 || WantedPaths.Concerns(path)) _pending.Add((set, path));
    }
}
