namespace ImagePin.Registry.Transport;

/// <summary>
/// Reads a response body whole, bounded in bytes (declared or read) and in time: a registry that sends too
/// much, or stalls in the middle of a body, fails the read instead of filling memory or hanging the run.
/// </summary>
internal static class BoundedBody
{
    /// <returns>The body, or null when it is over <paramref name="maxBytes"/>.</returns>
    /// <exception cref="TimeoutException">The body took longer than <paramref name="timeout"/>.</exception>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long maxBytes, TimeSpan timeout, CancellationToken ct)
    {
        if (content.Headers.ContentLength > maxBytes) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, deadline.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes) return null;
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the body took over {timeout.TotalSeconds:0.#} s", e);
        }
    }
}
