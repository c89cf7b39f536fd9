using System.IO.Compression;

namespace ImagePin.Audit.Vulnerabilities;

/// <summary>
/// OSV exports on disk, one folder per distribution as osv.dev publishes them
/// (<c>Debian/all.zip</c>, with newer single records in <c>Debian/updates/*.json</c>; or the same folder
/// unzipped into <c>*.json</c>), indexed by
/// (ecosystem, package name). Only the ecosystems asked for are kept, so an audit of Alpine
/// images never holds Debian's records. A record that does not parse is skipped and listed in
/// <see cref="Problems"/>: one bad record must not hide the others.
/// </summary>
internal sealed class OsvDatabase
{
    /// <summary>Bounds for one export: entries read, bytes inflated in all.</summary>
    public const int MaxEntries = 500_000;
    public const long MaxTotalBytes = 8L * 1024 * 1024 * 1024;
    private const int MaxProblems = 1000;

    /// <summary>Beside <c>all.zip</c>: records fetched one by one since the export, named <c>ID.json</c>.</summary>
    public const string UpdatesFolder = "updates";

    private readonly Dictionary<(string Ecosystem, string Package), List<(OsvRecord Record, OsvAffected Affected)>> _index = [];
    private readonly List<string> _problems = [];
    private readonly List<byte[]> _wantedNeedles;
    private long _bytesRead;
    private List<(byte[] Json, OsvRecord Record)>? _collected;

    // A record that never spells a wanted ecosystem ("Debian:12" with its quotes) cannot affect
    // it: skipping the parse of those keeps loading one release out of a whole export cheap.
    private OsvDatabase(IEnumerable<string> wanted) =>
        _wantedNeedles = wanted.Select(e => System.Text.Encoding.UTF8.GetBytes("\"" + e + "\"")).ToList();

    /// <summary>
    /// Records kept (those with at least one entry for an ecosystem asked for; from a warm index, those naming a
    /// package asked for).
    /// </summary>
    public int RecordCount { get; private set; }

    /// <summary>Records withdrawn by their publisher, which are never matched.</summary>
    public int WithdrawnCount { get; private set; }

    /// <summary>Records skipped as unreadable, each with its reason (at most 1000 listed).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <param name="folder">The folder holding <c>Debian/</c>, <c>Ubuntu/</c>, <c>Alpine/</c>.</param>
    /// <param name="ecosystems">Exact ecosystems wanted, e.g. <c>Debian:12</c>, <c>Alpine:v3.20</c>.</param>
    /// <exception cref="OsvFormatException">A wanted export is missing, unreadable or over the bounds.</exception>
    /// <param name="packages">Source package names to load records for (null: all); only the warm path uses it, the others load everything.</param>
    public static OsvDatabase Load(string folder, IEnumerable<string> ecosystems, IReadOnlySet<string>? packages = null)
    {
        var wanted = ecosystems.ToHashSet(StringComparer.Ordinal);
        var database = new OsvDatabase(wanted);
        foreach (var family in wanted.Select(OsvEcosystem.Family).Distinct(StringComparer.Ordinal))
            database.LoadFamily(Path.Combine(folder, family), family, wanted, packages);
        return database;
    }

    /// <summary>The records' entries for a package of an ecosystem (empty when none).</summary>
    public IReadOnlyList<(OsvRecord Record, OsvAffected Affected)> Lookup(string ecosystem, string packageName) =>
        _index.TryGetValue((ecosystem, packageName), out var entries) ? entries : [];

    private void LoadFamily(string familyFolder, string family, HashSet<string> wanted, IReadOnlySet<string>? packages)
    {
        var zip = Path.Combine(familyFolder, "all.zip");
        if (File.Exists(zip))
        {
            var ecosystems = wanted.Where(e => OsvEcosystem.Family(e) == family).ToList();
            var key = OsvIndexFile.KeyOf(familyFolder);
            var indexes = ecosystems.Select(e => OsvIndexFile.TryRead(familyFolder, e, key)).ToList();
            if (indexes.All(i => i is not null))
            {
                foreach (var index in indexes) LoadIndexed(index!, wanted, packages);
                return;
            }
            _collected = [];
            // Records that `imagepin db update` fetched one by one since the export replace the export's copies.
            var updates = Path.Combine(familyFolder, UpdatesFolder);
            var replaced = Directory.Exists(updates) ? LoadFolder(updates, wanted) : [];
            LoadZip(zip, wanted, replaced);
            foreach (var ecosystem in ecosystems) OsvIndexFile.TryWrite(familyFolder, ecosystem, key, _collected);
            _collected = null;
        }
        else if (Directory.Exists(familyFolder)) LoadFolder(familyFolder, wanted);
        else throw new OsvFormatException($"no OSV export for {family}: neither {zip} nor a folder of *.json records exists");
    }

    // Only the records naming a wanted package are parsed: a warm audit of one image reads a few hundred records.
    private void LoadIndexed(OsvIndexFile index, HashSet<string> wanted, IReadOnlySet<string>? packages)
    {
        var records = packages is null ? Enumerable.Range(0, index.Records.Count)
            : packages.SelectMany(index.RecordsOf).Distinct();
        foreach (var i in records)
        {
            var origin = $"{index.Path}#{i}";
            try
            {
                AddParsed(OsvRecordParser.Parse(index.Records[i], origin), wanted);
            }
            catch (OsvFormatException e)
            {
                Problem(e.Message);
            }
        }
    }

    private void LoadZip(string zipPath, HashSet<string> wanted, HashSet<string> replaced)
    {
        try
        {
            using var archive = ZipFile.OpenRead(zipPath);
            if (archive.Entries.Count > MaxEntries)
                throw new OsvFormatException($"{zipPath}: {archive.Entries.Count} entries, over the {MaxEntries} limit");
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || replaced.Contains(Path.GetFileName(entry.FullName))) continue;
                var origin = $"{zipPath}!{entry.FullName}";
                if (LeftOutForSize(entry.Length, origin)) continue;
                using var stream = entry.Open();
                Add(ReadBounded(stream, origin), origin, wanted);
            }
        }
        catch (InvalidDataException e)
        {
            throw new OsvFormatException($"{zipPath}: not a readable zip archive ({e.Message})", e);
        }
    }

    /// <returns>The file names read.</returns>
    private HashSet<string> LoadFolder(string folder, HashSet<string> wanted)
    {
        var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Take(MaxEntries + 1).ToList();
        if (files.Count > MaxEntries) throw new OsvFormatException($"{folder}: more than {MaxEntries} records");
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            if (LeftOutForSize(stream.Length, file)) continue;
            Add(ReadBounded(stream, file), file, wanted);
        }
        return files.Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A record over the size limit, in an export or a folder, is left out and said; the others still count.</summary>
    private bool LeftOutForSize(long length, string origin)
    {
        if (length <= OsvRecordParser.MaxRecordBytes) return false;
        Problem($"{origin}: {length} bytes, over the {OsvRecordParser.MaxRecordBytes}-byte record limit");
        return true;
    }

    // The zip header's size can lie; count what really comes out.
    private byte[] ReadBounded(Stream stream, string origin)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > OsvRecordParser.MaxRecordBytes)
                throw new OsvFormatException($"{origin}: inflates past the {OsvRecordParser.MaxRecordBytes}-byte record limit");
            _bytesRead += read;
            if (_bytesRead > MaxTotalBytes) throw new OsvFormatException($"OSV exports inflate past {MaxTotalBytes} bytes in all");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private void Add(byte[] json, string origin, HashSet<string> wanted)
    {
        if (!_wantedNeedles.Any(needle => json.AsSpan().IndexOf(needle) >= 0)) return;
        OsvRecord record;
        try
        {
            record = OsvRecordParser.Parse(json, origin);
        }
        catch (OsvFormatException e)
        {
            Problem(e.Message);
            return;
        }
        if (AddParsed(record, wanted) && _collected is not null) _collected.Add((json, record));
    }

    /// <returns>Whether the record names a wanted ecosystem (and was kept).</returns>
    private bool AddParsed(OsvRecord record, HashSet<string> wanted)
    {
        var kept = false;
        foreach (var affected in record.Affected.Where(a => wanted.Contains(a.Ecosystem)))
        {
            var key = (affected.Ecosystem, affected.PackageName);
            if (!_index.TryGetValue(key, out var list)) _index[key] = list = [];
            list.Add((record, affected));
            kept = true;
        }
        if (!kept) return false;
        RecordCount++;
        if (record.Withdrawn) WithdrawnCount++;
        return true;
    }

    private void Problem(string message)
    {
        if (_problems.Count < MaxProblems) _problems.Add(message);
    }
}
