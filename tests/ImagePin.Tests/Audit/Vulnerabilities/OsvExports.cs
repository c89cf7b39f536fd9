using System.IO.Compression;
using ImagePin.Tests.Editing;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Audit.Vulnerabilities;

/// <summary>
/// Lays the corpus's OSV records out as osv.dev's per-distribution exports in a temp folder:
/// <c>Family/all.zip</c>, or the same folders unzipped.
/// </summary>
internal sealed class OsvExports : IDisposable
{
    private readonly TempDirectory _temp = new();

    public OsvExports(bool zipped = true)
    {
        foreach (var group in Records().GroupBy(r => r.Family))
        {
            var folder = Directory.CreateDirectory(System.IO.Path.Combine(_temp.Path, group.Key)).FullName;
            if (zipped)
            {
                using var archive = ZipFile.Open(System.IO.Path.Combine(folder, "all.zip"), ZipArchiveMode.Create);
                foreach (var (path, _) in group) archive.CreateEntryFromFile(path, System.IO.Path.GetFileName(path));
            }
            else
            {
                foreach (var (path, _) in group) File.Copy(path, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(path)));
            }
        }
    }

    public string Path => _temp.Path;

    /// <summary>Every record file under osv/ (schema.json and ecosystems.json are not records), with its distribution.</summary>
    public static List<(string Path, string Family)> Records() =>
        Directory.EnumerateFiles(SharedCorpus.PathOf("osv"), "*.json", SearchOption.AllDirectories)
            .Where(p => System.IO.Path.GetFileName(p) is not ("schema.json" or "ecosystems.json"))
            .Select(p => (p, FamilyOf(System.IO.Path.GetFileName(p))))
            .ToList();

    private static string FamilyOf(string name) => name switch
    {
        _ when name.StartsWith("DLA-", StringComparison.Ordinal) || name.StartsWith("DSA-", StringComparison.Ordinal) => "Debian",
        _ when name.StartsWith("USN-", StringComparison.Ordinal) || name.StartsWith("UBUNTU-", StringComparison.Ordinal) => "Ubuntu",
        _ when name.StartsWith("ALPINE-", StringComparison.Ordinal) || name.StartsWith("CVE-", StringComparison.Ordinal) => "Alpine",
        _ => throw new InvalidOperationException("no distribution known for OSV fixture " + name),
    };

    public void Dispose() => _temp.Dispose();
}
