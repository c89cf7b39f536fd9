using System.Buffers;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Reads a response body whole, bounded in bytes (declared or read) and in time: a registry that sends too
/// much, or stalls in the middle of a body, fails the read instead of filling memory or hanging the run.
/// </summary>
internal static class BoundedBody
{
    // Without a declared length the buffer starts here and doubles; most registry bodies (manifests, tokens, errors) fit.
    private const int FirstBufferBytes = 16 * 1024;

    /// <returns>The body, or null when it is over <paramref name="maxBytes"/>.</returns>
    /// <exception cref="TimeoutException">The body took longer than <paramref name="timeout"/>.</exception>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long maxBytes, TimeSpan timeout, CancellationToken ct)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        // One byte over the declared length, so the end of the body is seen without growing the buffer. A body is
        // read into a pooled buffer and copied out at its size: one exact array per response, not a chunk and a copy.
        var limit = (int)Math.Min(maxBytes, Array.MaxLength - 1) + 1; // no overflow for a limit of long.MaxValue
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared + 1 ?? FirstBufferBytes, limit));
        try
        {
            await using var stream = await content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit) return null;
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * length, limit));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) return null;
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the body took over {timeout.TotalSeconds:0.#} s", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
