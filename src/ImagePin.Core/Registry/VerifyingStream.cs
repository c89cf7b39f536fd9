using System.Security.Cryptography;
using ImagePin.References;

namespace ImagePin.Registry;

/// <summary>
/// A read-only stream over a blob's body that hashes every byte it passes on and, at the end, throws unless the
/// bytes hash to the expected digest; it also refuses to pass more than a limit, and fails a read that gets no
/// data for <paramref name="stallTimeout"/> (a registry that stalls mid-body must not hang the run). Content is
/// only trusted once read to the end.
/// </summary>
internal sealed class VerifyingStream(Stream inner, IDisposable owner, string digest, long maxBytes, string where, TimeSpan stallTimeout) : Stream
{
    private readonly IncrementalHash _hash = Digest.HasherLike(digest);
    private long _read;
    private bool _verified;

    /// <summary>Bytes read from the registry so far.</summary>
    public long BytesRead => _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var n = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException(RegistryErrorKind.Timeout, $"{where}: the registry sent nothing for {stallTimeout.TotalSeconds:0.#} s after {_read} bytes", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RegistryException(RegistryErrorKind.Network, $"{where}: the connection failed after {_read} bytes ({e.Message})", e);
        }
        return Account(buffer.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            if (!_verified) Finish();
            return 0;
        }
        _read += data.Length;
        if (_read > maxBytes)
            throw new RegistryException(RegistryErrorKind.TooLarge, $"{where} is over the {maxBytes}-byte limit");
        _hash.AppendData(data);
        return data.Length;
    }

    private void Finish()
    {
        _verified = true;
        var actual = (digest.StartsWith("sha512:", StringComparison.Ordinal) ? "sha512:" : "sha256:") + Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != digest)
            throw new RegistryException(RegistryErrorKind.DigestMismatch,
                $"{where}: the {_read} bytes the registry sent hash to {actual}, not {digest}; refusing the content");
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
