namespace ImagePin.Audit.Vulnerabilities;

/// <summary>
/// A per-ecosystem index of an export, written beside it (<c>Debian/index/Debian_12.idx</c>) the first time the
/// export is read: the raw JSON of the records for that ecosystem and, per package name, which of them name it. Later
/// audits parse only the records of the packages their images hold instead of inflating the whole export. The key
/// (size and time of all.zip and of updates/) makes any change to the data rebuild it; a folder that cannot be written
/// only means no index. A damaged or foreign file reads as absent.
/// </summary>
internal sealed class OsvIndexFile
{
    private const string Magic = "imagepin-osv-index-1";
    private readonly Dictionary<string, int[]> _packages;

    private OsvIndexFile(string path, List<byte[]> records, Dictionary<string, int[]> packages)
    {
        Path = path;
        Records = records;
        _packages = packages;
    }

    public string Path { get; }

    public IReadOnlyList<byte[]> Records { get; }

    public IEnumerable<int> RecordsOf(string package) => _packages.TryGetValue(package, out var list) ? list : [];

    /// <summary>What the index must have been built from: all.zip and the updates folder as they are now.</summary>
    public static string KeyOf(string familyFolder)
    {
        var zip = new FileInfo(System.IO.Path.Combine(familyFolder, "all.zip"));
        var updates = new DirectoryInfo(System.IO.Path.Combine(familyFolder, OsvDatabase.UpdatesFolder));
        var files = updates.Exists ? updates.GetFiles("*.json") : [];
        return $"{zip.Length}:{zip.LastWriteTimeUtc.Ticks}:{files.Length}:{files.Sum(f => f.Length)}:{(files.Length == 0 ? 0 : files.Max(f => f.LastWriteTimeUtc.Ticks))}";
    }

    public static OsvIndexFile? TryRead(string familyFolder, string ecosystem, string key)
    {
        var path = PathOf(familyFolder, ecosystem);
        if (!File.Exists(path)) return null;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic || reader.ReadString() != key || reader.ReadString() != ecosystem) return null;
            var count = reader.ReadInt32();
            if (count < 0 || count > OsvDatabase.MaxEntries) return null;
            var records = new List<byte[]>(count);
            for (var i = 0; i < count; i++)
            {
                var length = reader.ReadInt32();
                if (length < 0 || length > OsvRecordParser.MaxRecordBytes) return null;
                records.Add(reader.ReadBytes(length));
            }
            var packageCount = reader.ReadInt32();
            if (packageCount < 0 || packageCount > OsvDatabase.MaxEntries * 4) return null;
            var packages = new Dictionary<string, int[]>(packageCount, StringComparer.Ordinal);
            for (var p = 0; p < packageCount; p++)
            {
                var name = reader.ReadString();
                var n = reader.ReadInt32();
                if (n < 0 || n > count) return null;
                var list = new int[n];
                for (var j = 0; j < n; j++)
                    if ((list[j] = reader.ReadInt32()) is < 0 || list[j] >= count) return null;
                packages[name] = list;
            }
            return new OsvIndexFile(path, records, packages);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the index of <paramref name="ecosystem"/> from the records just loaded; silently nothing when the folder is read-only.</summary>
    public static void TryWrite(string familyFolder, string ecosystem, string key, IReadOnlyList<(byte[] Json, OsvRecord Record)> loaded)
    {
        var path = PathOf(familyFolder, ecosystem);
        var temp = path + $".{Environment.ProcessId}.tmp";
        try
        {
            var records = loaded.Where(r => r.Record.Affected.Any(a => a.Ecosystem == ecosystem)).ToList();
            var packages = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < records.Count; i++)
                foreach (var name in records[i].Record.Affected.Where(a => a.Ecosystem == ecosystem).Select(a => a.PackageName).Distinct(StringComparer.Ordinal))
                {
                    if (!packages.TryGetValue(name, out var list)) packages[name] = list = [];
                    list.Add(i);
                }
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            using (var writer = new BinaryWriter(File.Create(temp)))
            {
                writer.Write(Magic);
                writer.Write(key);
                writer.Write(ecosystem);
                writer.Write(records.Count);
                foreach (var (json, _) in records)
                {
                    writer.Write(json.Length);
                    writer.Write(json);
                }
                writer.Write(packages.Count);
                foreach (var (name, list) in packages)
                {
                    writer.Write(name);
                    writer.Write(list.Count);
                    foreach (var i in list) writer.Write(i);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string PathOf(string familyFolder, string ecosystem) =>
        System.IO.Path.Combine(familyFolder, "index", ecosystem.Replace(':', '_').Replace('/', '_') + ".idx");
}
