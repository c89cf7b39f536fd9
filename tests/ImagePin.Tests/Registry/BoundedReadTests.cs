using System.Diagnostics;
using System.Net;
using ImagePin.Registry;
using ImagePin.Registry.Credentials;
using ImagePin.Registry.Transport;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>Every body a registry or token server sends is bounded in bytes and time, declared length or not.</summary>
public sealed class BoundedReadTests
{
    private const string Registry = "198.51.100.7";
    private const string RealmHost = "203.0.113.10";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly RegistryOptions Fast = new() { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(1) };

    /// <summary>A forward-only stream to read from; what it reads is the subclass's.</summary>
    private abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body with no declared length that never ends, or that stalls after a few bytes.</summary>
    private sealed class EndlessStream(bool stall) : ReadOnlyStream
    {
        public long Sent { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken = default)
        {
            if (stall && Sent > 0) await Task.Delay(Timeout.Infinite, cancellationToken);
            Array.Fill(buffer, (byte)'x', offset, count);
            Sent += count;
            return count;
        }
    }

    private static HttpResponseMessage Endless(HttpStatusCode status, bool stall, out EndlessStream stream)
    {
        stream = new EndlessStream(stall);
        return new HttpResponseMessage(status) { Content = new StreamContent(stream) };
    }

    [Fact]
    public async Task An_endless_error_body_is_read_only_up_to_its_cap()
    {
        var sent = new List<EndlessStream>();
        var fake = new FakeRegistry((_, _) =>
        {
            var response = Endless(HttpStatusCode.NotFound, stall: false, out var stream);
            lock (sent) sent.Add(stream);
            return response;
        });
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(Registry, "team/app", "v1", Ct));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.InRange(sent.Max(s => s.Sent), 1, 1024 * 1024);
    }

    [Fact]
    public async Task An_endless_token_response_without_a_length_is_refused()
    {
        EndlessStream? sent = null;
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Host == RealmHost
            ? Endless(HttpStatusCode.OK, stall: false, out sent)
            : FakeRegistry.Challenge($"Bearer realm=\"https://{RealmHost}/token\",service=\"svc\""));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(Registry, "team/app", "v1", null, Ct));

        Assert.Equal(RegistryErrorKind.TooLarge, error.Kind);
        Assert.InRange(sent!.Sent, 1, 4 * 1024 * 1024);
    }

    [Theory]
    [InlineData("manifest")]
    [InlineData("token")]
    [InlineData("error")]
    [InlineData("layer")]
    public async Task A_body_that_stalls_midway_fails_after_the_request_timeout(string what)
    {
        var fake = new FakeRegistry((request, _) => what switch
        {
            "token" when request.RequestUri!.Host == RealmHost => Endless(HttpStatusCode.OK, stall: true, out EndlessStream _),
            "token" => FakeRegistry.Challenge($"Bearer realm=\"https://{RealmHost}/token\",service=\"svc\""),
            "error" => Endless(HttpStatusCode.InternalServerError, stall: true, out EndlessStream _),
            _ => Endless(HttpStatusCode.OK, stall: true, out EndlessStream _),
        });
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(async () =>
        {
            if (what == "layer")
            {
                await using var stream = await client.Blobs.OpenAsync(Registry, "team/app", "sha256:" + new string('a', 64), 1 << 30, Ct);
                await stream.CopyToAsync(Stream.Null, Ct);
            }
            else await client.Manifests.GetAsync(Registry, "team/app", "v1", Ct);
        });

        // The error answer still fails as what it is; the others as a timeout. Either way the run goes on.
        Assert.Equal(what == "error" ? RegistryErrorKind.Protocol : RegistryErrorKind.Timeout, error.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    /// <summary>A body handed out a few bytes per read, its length not known in advance.</summary>
    private sealed class TrickleStream(byte[] body, int perRead) : ReadOnlyStream
    {
        private int position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, perRead), body.Length - position);
            body.AsSpan(position, n).CopyTo(buffer.AsSpan(offset));
            position += n;
            return n;
        }
    }

    private static HttpContent Content(byte[] body, bool declared)
    {
        var content = new StreamContent(new TrickleStream(body, 1000));
        if (declared) content.Headers.ContentLength = body.Length;
        return content;
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(16 * 1024, false)]
    [InlineData(100_003, false)]
    [InlineData(100_003, true)]
    public async Task A_body_is_read_whole_whether_its_length_is_declared_or_not(int size, bool declared)
    {
        var body = new byte[size];
        new Random(size).NextBytes(body);

        var read = await BoundedBody.ReadAsync(Content(body, declared), 1 << 20, TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(body, read);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_of_exactly_the_limit_is_kept_and_one_byte_more_is_refused(bool declared)
    {
        var limit = 40_000;
        var atLimit = new byte[limit];
        var overLimit = new byte[limit + 1];

        Assert.Equal(limit, (await BoundedBody.ReadAsync(Content(atLimit, declared), limit, TimeSpan.FromSeconds(10), Ct))!.Length);
        Assert.Null(await BoundedBody.ReadAsync(Content(overLimit, declared), limit, TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task A_limit_as_large_as_a_long_reads_the_body_whole()
    {
        var body = new byte[70_000];
        new Random(7).NextBytes(body);

        Assert.Equal(body, await BoundedBody.ReadAsync(Content(body, declared: false), long.MaxValue, TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task A_body_longer_than_its_declared_length_is_still_bounded_by_the_limit()
    {
        var content = Content(new byte[50_000], declared: false);
        content.Headers.ContentLength = 10;

        Assert.Null(await BoundedBody.ReadAsync(content, 20_000, TimeSpan.FromSeconds(10), Ct));
    }
}
