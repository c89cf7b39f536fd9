using System.Net;
using ImagePin.Audit.Database;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Audit.Vulnerabilities;

/// <summary>Fault injection for db update (in-process handlers): broken transfers and lying servers leave the previous data in place.</summary>
public class OsvDownloaderFaultTests
{
    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(answer(request));
        }
    }

    /// <summary>A body that sends some bytes, then fails as a dropped connection does.</summary>
    private sealed class BreakingStream(int bytes) : Stream
    {
        private int _left = bytes;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0) throw new IOException("connection reset by peer");
            var n = Math.Min(count, _left);
            _left -= n;
            Array.Fill(buffer, (byte)'P', offset, n);
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_transfer_that_breaks_off_is_an_error_and_keeps_the_previous_export()
    {
        using var tree = new TempTree().WriteBytes("db/Debian/all.zip", [1, 2, 3]);
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(100_000)) });
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<OsvDownloadException>(() =>
            new OsvDownloader(http, new Uri("http://127.0.0.1:9/osv/"), tree.PathOf("db")).SyncAsync("Debian", TestContext.Current.CancellationToken));

        Assert.Contains("broke off after 100000 bytes", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(tree.PathOf("db/Debian/all.zip")));
        Assert.False(File.Exists(tree.PathOf("db/Debian/all.zip.download")));
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_reading()
    {
        using var tree = new TempTree();
        var handler = new Handler(_ =>
        {
            var content = new StreamContent(new BreakingStream(0));
            content.Headers.ContentLength = OsvDownloader.MaxZipBytes + 1;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<OsvDownloadException>(() =>
            new OsvDownloader(http, new Uri("http://127.0.0.1:9/"), tree.PathOf("db")).SyncAsync("Alpine", TestContext.Current.CancellationToken));

        Assert.Contains("over the", error.Message);
    }

    [Fact]
    public async Task A_modified_id_list_with_a_path_in_an_id_is_refused()
    {
        using var exports = new OsvExports();
        using var tree = new TempTree();
        var zip = File.ReadAllBytes(Path.Combine(exports.Path, "Debian", "all.zip"));
        var csv = "2026-01-01T00:00:00Z,DLA-3008-1\n";
        var handler = new Handler(request => request.RequestUri!.AbsolutePath switch
        {
            "/Debian/all.zip" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(zip) },
            "/Debian/modified_id.csv" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(csv) },
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });
        using var http = new HttpClient(handler);
        var downloader = new OsvDownloader(http, new Uri("http://127.0.0.1:9/"), tree.PathOf("db"));
        Assert.Equal(SyncKind.Full, (await downloader.SyncAsync("Debian", TestContext.Current.CancellationToken)).Kind);

        csv = "2026-02-01T00:00:00Z,../../etc/passwd\n" + csv;
        var error = await Assert.ThrowsAsync<OsvDownloadException>(() => downloader.SyncAsync("Debian", TestContext.Current.CancellationToken));

        Assert.Contains("line 1 is not 'time,id'", error.Message);
        Assert.DoesNotContain(handler.Requests, r => r.Contains("passwd", StringComparison.Ordinal));
    }
}
