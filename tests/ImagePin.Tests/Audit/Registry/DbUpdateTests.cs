using System.IO.Compression;
using ImagePin.Tests.Audit.Vulnerabilities;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Audit.Registry;

/// <summary>
/// `imagepin db update` against a real HTTP server: nginx (started by tests/infra/setup.sh) serving a folder laid out
/// as osv.dev's bucket, built from the corpus records. nginx sends real ETag / Last-Modified and answers 304.
/// </summary>
public sealed class DbUpdateTests
{
    /// <summary>A mirror folder of its own under the server's root, and its URL.</summary>
    private sealed class Mirror : IDisposable
    {
        public Mirror()
        {
            var name = Guid.NewGuid().ToString("N");
            Folder = Directory.CreateDirectory(Path.Combine(TestRegistries.Require("IMAGEPIN_TEST_OSV_ROOT"), name)).FullName;
            Url = $"{TestRegistries.Require("IMAGEPIN_TEST_OSV_URL")}/{name}";
        }

        public string Folder { get; }

        public string Url { get; }

        /// <summary>Family/all.zip from the corpus records of that family (less <paramref name="except"/>) and a modified_id.csv listing them.</summary>
        public void Export(string family, params string[] except)
        {
            var records = OsvExports.Records().Where(r => r.Family == family && !except.Contains(Path.GetFileNameWithoutExtension(r.Path))).ToList();
            var folder = Directory.CreateDirectory(Path.Combine(Folder, family)).FullName;
            var zip = Path.Combine(folder, "all.zip");
            File.Delete(zip);
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
                foreach (var (path, _) in records) archive.CreateEntryFromFile(path, Path.GetFileName(path));
            File.WriteAllLines(Path.Combine(folder, "modified_id.csv"),
                records.Select((r, i) => $"2026-01-{20 - i:00}T00:00:00Z,{Path.GetFileNameWithoutExtension(r.Path)}"));
        }

        /// <summary>Publishes one more record: its JSON beside the export and a newest-first line in modified_id.csv.</summary>
        public void Publish(string family, string id)
        {
            var source = OsvExports.Records().Single(r => Path.GetFileNameWithoutExtension(r.Path) == id).Path;
            File.Copy(source, Path.Combine(Folder, family, id + ".json"), overwrite: true);
            var csv = Path.Combine(Folder, family, "modified_id.csv");
            File.WriteAllLines(csv, File.ReadAllLines(csv).Prepend($"2026-02-01T00:00:00Z,{id}"));
            // nginx's ETag is mtime and size: make sure the mtime moves even within one second.
            File.SetLastWriteTimeUtc(csv, DateTime.UtcNow.AddSeconds(5));
        }

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task First_sync_downloads_the_export_then_304s_then_fetches_only_what_modified_id_lists()
    {
        using var mirror = new Mirror();
        mirror.Export("Debian", except: "DLA-3051-1");
        using var tree = new TempTree();
        string[] Update(params string[] extra) => ["db", "update", "--ecosystem", "Debian", "--source", mirror.Url, "--db", tree.PathOf("db"), .. extra];

        var first = CliRun.Invoke(tree.Root, Update());
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Debian: downloaded all.zip (", first.Out);
        Assert.True(File.Exists(tree.PathOf("db/Debian/all.zip")));
        Assert.Contains("\"zipETag\": \"", tree.Read("db/Debian/sync.json"));

        var second = CliRun.Invoke(tree.Root, Update());
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Debian: up to date", second.Out);

        mirror.Publish("Debian", "DLA-3051-1");
        var third = CliRun.Invoke(tree.Root, Update());
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("Debian: 1 records updated since the last sync", third.Out);
        Assert.True(File.Exists(tree.PathOf("db/Debian/updates/DLA-3051-1.json")));

        // The audit reads the export and the newer record together: this image's tzdata predates DLA-3051-1's fix.
        var (name, pinned, _) = await AuditCommandTests.DebianAsync(tzdata: "2021a-0+deb9u3");
        tree.Write("Dockerfile", $"FROM {name}:1@{pinned.Digest}\n");
        var audit = CliRun.Invoke(tree.Root, "audit", "--db", tree.PathOf("db"), "--details");
        Assert.Equal(0, audit.ExitCode);
        Assert.Contains("DLA-3051-1", audit.Out);

        // Without modified_id.csv the export itself is asked for conditionally: unchanged, so 304.
        File.Delete(Path.Combine(mirror.Folder, "Debian", "modified_id.csv"));
        Assert.Contains("Debian: up to date", CliRun.Invoke(tree.Root, Update()).Out);

        // A damaged export is refused and the previous data stays usable.
        File.WriteAllBytes(Path.Combine(mirror.Folder, "Debian", "all.zip"), "<html>oops</html>"u8.ToArray());
        var broken = CliRun.Invoke(tree.Root, Update());
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("is not a zip archive", broken.Error);
        Assert.Equal(0, CliRun.Invoke(tree.Root, "audit", "--db", tree.PathOf("db")).ExitCode);
    }

    [Fact]
    public async Task Without_ecosystems_only_the_distributions_of_the_pinned_images_are_fetched()
    {
        using var mirror = new Mirror();
        mirror.Export("Debian");
        mirror.Export("Alpine");
        var (name, pinned, _) = await AuditCommandTests.AlpineWithSbomAsync();
        using var tree = new TempTree().Write("Dockerfile", $"FROM {name}:3.20@{pinned.Digest}\n");

        var run = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["IMAGEPIN_CACHE_DIR"] = tree.PathOf("cache") }, "db", "update", "--source", mirror.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Alpine: downloaded all.zip", run.Out);
        Assert.DoesNotContain("Debian", run.Out);
        Assert.True(File.Exists(tree.PathOf("cache/osv/Alpine/all.zip")));
        Assert.False(Directory.Exists(tree.PathOf("cache/osv/Debian")));
        // audit then reads the cache without --db.
        var audit = CliRun.Invoke(tree.Root, new Dictionary<string, string?> { ["IMAGEPIN_CACHE_DIR"] = tree.PathOf("cache") }, "audit", "--fail-on", "high");
        Assert.Equal(1, audit.ExitCode);
        Assert.Contains("1 high", audit.Out);
    }

    [Fact]
    public void A_bad_source_or_ecosystem_is_a_usage_error()
    {
        using var tree = new TempTree();
        Assert.Equal(2, CliRun.Invoke(tree.Root, "db", "update", "--ecosystem", "Gentoo", "--db", tree.PathOf("db")).ExitCode);
        Assert.Equal(2, CliRun.Invoke(tree.Root, "db", "update", "--ecosystem", "Debian", "--source", "ftp://x", "--db", tree.PathOf("db")).ExitCode);
    }
}
