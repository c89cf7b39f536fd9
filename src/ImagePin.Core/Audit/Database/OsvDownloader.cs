using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using ImagePin.Audit.Vulnerabilities;

namespace ImagePin.Audit.Database;

/// <summary>How one family's data was brought up to date.</summary>
internal enum SyncKind
{
    /// <summary>The server said nothing changed (304), or modified_id.csv lists nothing newer.</summary>
    UpToDate,

    /// <summary>The whole export (all.zip) was downloaded.</summary>
    Full,

    /// <summary>Only records modified since the last sync were downloaded, as modified_id.csv lists them.</summary>
    Incremental,
}

internal sealed record FamilySync(string Family, SyncKind Kind, int Records, long BytesDownloaded, IReadOnlyList<string> Problems);

/// <summary>A download that failed: the server refused, the connection broke, or what came is not an OSV export.</summary>
internal sealed class OsvDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Keeps a folder of OSV exports up to date from a server laid out as osv.dev's bucket
/// (<c>SOURCE/Debian/all.zip</c>, <c>SOURCE/Debian/modified_id.csv</c>, <c>SOURCE/Debian/ID.json</c>).
/// First sync: all.zip (conditional on the stored ETag / Last-Modified when one is kept). Later syncs:
/// <c>modified_id.csv</c> (newest first, <c>time,id</c> per line; conditional too) is read only down to the last
/// modification already applied, and those records are fetched one by one into <c>updates/</c>; when the list is
/// missing, or more than <see cref="MaxIncrementalRecords"/> changed, all.zip is fetched again (conditionally).
/// Every download is bounded and written atomically, so an interrupted sync leaves the previous data usable.
/// </summary>
internal sealed partial class OsvDownloader(HttpClient http, Uri source, string folder)
{
    public const int MaxIncrementalRecords = 5000;
    public const long MaxZipBytes = 4L * 1024 * 1024 * 1024;
    public const long MaxCsvBytes = 256L * 1024 * 1024;

    public async Task<FamilySync> SyncAsync(string family, CancellationToken ct)
    {
        var familyFolder = Directory.CreateDirectory(Path.Combine(folder, family)).FullName;
        var state = SyncState.Read(familyFolder);
        if (state is not null && state.Source != source.ToString()) state = null; // another server: start over
        var zip = Path.Combine(familyFolder, "all.zip");
        if (state is { Watermark: not null } && File.Exists(zip))
        {
            var incremental = await TryIncrementalAsync(family, familyFolder, state, ct).ConfigureAwait(false);
            if (incremental is not null) return incremental;
        }
        return await FullAsync(family, familyFolder, File.Exists(zip) ? state : null, ct).ConfigureAwait(false);
    }

    private async Task<FamilySync?> TryIncrementalAsync(string family, string familyFolder, SyncState state, CancellationToken ct)
    {
        using var response = await GetAsync($"{family}/modified_id.csv", state.CsvETag, state.CsvLastModified, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified) return new FamilySync(family, SyncKind.UpToDate, 0, 0, []);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(response, $"{family}/modified_id.csv");
        var (changed, newest, bytes) = await ReadChangesAsync(response, state.Watermark, MaxIncrementalRecords + 1, ct).ConfigureAwait(false);
        if (changed.Count > MaxIncrementalRecords) return null;
        var problems = new List<string>();
        var updates = Directory.CreateDirectory(Path.Combine(familyFolder, OsvDatabase.UpdatesFolder)).FullName;
        foreach (var id in changed)
        {
            var record = await FetchRecordAsync(family, id, ct).ConfigureAwait(false);
            bytes += record?.Length ?? 0;
            if (record is null) { problems.Add($"{family}/{id}.json: not on the server"); continue; }
            try
            {
                OsvRecordParser.Parse(record, $"{family}/{id}.json");
            }
            catch (OsvFormatException e)
            {
                problems.Add(e.Message);
                continue;
            }
            await WriteAtomicallyAsync(Path.Combine(updates, id + ".json"), record, ct).ConfigureAwait(false);
        }
        (state with { CsvETag = ETag(response), CsvLastModified = LastModified(response), Watermark = newest ?? state.Watermark }).Write(familyFolder);
        return new FamilySync(family, changed.Count == 0 ? SyncKind.UpToDate : SyncKind.Incremental, changed.Count - problems.Count, bytes, problems);
    }

    private async Task<FamilySync> FullAsync(string family, string familyFolder, SyncState? state, CancellationToken ct)
    {
        long bytes;
        string? etag, lastModified;
        using (var response = await GetAsync($"{family}/all.zip", state?.ZipETag, state?.ZipLastModified, ct).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotModified) return new FamilySync(family, SyncKind.UpToDate, 0, 0, []);
            Ensure(response, $"{family}/all.zip");
            (etag, lastModified) = (ETag(response), LastModified(response));
            var temp = Path.Combine(familyFolder, "all.zip.download");
            try
            {
                bytes = await CopyBoundedAsync(response, temp, MaxZipBytes, $"{family}/all.zip", ct).ConfigureAwait(false);
                CheckZip(temp, $"{family}/all.zip");
                File.Move(temp, Path.Combine(familyFolder, "all.zip"), overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        var updates = Path.Combine(familyFolder, OsvDatabase.UpdatesFolder);
        if (Directory.Exists(updates)) Directory.Delete(updates, recursive: true);

        // The newest modification listed now is where the next incremental sync starts.
        string? csvETag = null, csvLastModified = null;
        DateTimeOffset? watermark = null;
        using (var csv = await GetAsync($"{family}/modified_id.csv", null, null, ct).ConfigureAwait(false))
        {
            if (csv.IsSuccessStatusCode)
            {
                var (_, newest, csvBytes) = await ReadChangesAsync(csv, null, 0, ct).ConfigureAwait(false);
                (csvETag, csvLastModified, watermark) = (ETag(csv), LastModified(csv), newest);
                bytes += csvBytes;
            }
        }
        new SyncState(source.ToString(), etag, lastModified, csvETag, csvLastModified, watermark).Write(familyFolder);
        using var archive = ZipFile.OpenRead(Path.Combine(familyFolder, "all.zip"));
        return new FamilySync(family, SyncKind.Full, archive.Entries.Count, bytes, []);
    }

    /// <summary>Ids modified after <paramref name="since"/> (the list is newest first, so reading stops there), at most <paramref name="limit"/>, and the newest time listed.</summary>
    private static async Task<(List<string> Ids, DateTimeOffset? Newest, long Bytes)> ReadChangesAsync(HttpResponseMessage response, DateTimeOffset? since, int limit, CancellationToken ct)
    {
        var ids = new List<string>();
        DateTimeOffset? newest = null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        long bytes = 0;
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            bytes += line.Length + 1;
            if (bytes > MaxCsvBytes) throw new OsvDownloadException($"modified_id.csv is longer than {MaxCsvBytes} bytes");
            if (line.Length == 0) continue;
            var comma = line.IndexOf(',');
            if (comma <= 0 || !DateTimeOffset.TryParse(line[..comma], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified)
                || !IdPattern().IsMatch(line[(comma + 1)..]))
                throw new OsvDownloadException($"modified_id.csv line {lineNumber} is not 'time,id': '{(line.Length > 80 ? line[..80] + "…" : line)}'");
            newest ??= modified;
            if (since is not null && modified <= since) break;
            if (since is null && limit == 0) break; // only the newest time was wanted
            ids.Add(line[(comma + 1)..]);
            if (ids.Count >= limit) break;
        }
        return (ids, newest, bytes);
    }

    private async Task<byte[]?> FetchRecordAsync(string family, string id, CancellationToken ct)
    {
        using var response = await GetAsync($"{family}/{id}.json", null, null, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(response, $"{family}/{id}.json");
        using var buffer = new MemoryStream();
        await CopyBoundedAsync(response, buffer, OsvRecordParser.MaxRecordBytes, $"{family}/{id}.json", ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? etag, string? lastModified, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source, path));
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (lastModified is not null) request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OsvDownloadException($"{request.RequestUri}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new OsvDownloadException($"{request.RequestUri}: timed out", e);
        }
    }

    private void Ensure(HttpResponseMessage response, string path)
    {
        if (!response.IsSuccessStatusCode)
            throw new OsvDownloadException($"{new Uri(source, path)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static async Task<long> CopyBoundedAsync(HttpResponseMessage response, string path, long limit, string what, CancellationToken ct)
    {
        await using var file = File.Create(path);
        return await CopyBoundedAsync(response, file, limit, what, ct).ConfigureAwait(false);
    }

    private static async Task<long> CopyBoundedAsync(HttpResponseMessage response, Stream target, long limit, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > limit) throw new OsvDownloadException($"{what} is {response.Content.Headers.ContentLength} bytes, over the {limit}-byte limit");
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        try
        {
            while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit) throw new OsvDownloadException($"{what} is longer than the {limit}-byte limit");
                await target.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new OsvDownloadException($"{what}: the download broke off after {total} bytes ({e.Message})", e);
        }
        return total;
    }

    private static void CheckZip(string path, string what)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            if (archive.Entries.Count > OsvDatabase.MaxEntries) throw new OsvDownloadException($"{what}: {archive.Entries.Count} entries, over the {OsvDatabase.MaxEntries} limit");
        }
        catch (InvalidDataException e)
        {
            throw new OsvDownloadException($"{what} is not a zip archive ({e.Message})", e);
        }
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, content, ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private static string? ETag(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    private static string? LastModified(HttpResponseMessage response) =>
        response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);

    // OSV ids: DSA-5715-1, DEBIAN-CVE-2024-1234, UBUNTU-CVE-…, ALPINE-CVE-…: no path separators.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();
}
