using System.Runtime.InteropServices;

namespace ImagePin.Cli.Console;

/// <summary>
/// Writes to a file descriptor with write(2). A FileStream on a regular file writes at its own position (pwrite),
/// so two processes sharing one redirected output (<c>(imagepin check a; imagepin check b) &gt; out</c>, xargs)
/// would overwrite each other; write(2) appends at the shared offset as shells expect. System.Console's stream
/// also uses write(2), but switches a terminal into keypad mode on first use.
/// </summary>
internal sealed partial class DescriptorStream(int descriptor) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    private bool _readerGone;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty && !_readerGone)
        {
            var written = WriteNative(descriptor, buffer, buffer.Length);
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                // The reader closed the pipe (`imagepin check | head`): nobody is left to read the rest.
                if (errno == EPIPE) { _readerGone = true; return; }
                throw new IOException($"cannot write to file descriptor {descriptor} (errno {errno})", errno);
            }
            buffer = buffer[(int)written..];
        }
    }

    /// <summary>One line of UTF-8 text straight to a descriptor, with no writer or buffer to set up.</summary>
    public static void WriteLine(int descriptor, string text)
    {
        using var stream = new DescriptorStream(descriptor);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private const int EINTR = 4;
    private const int EPIPE = 32;

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, ReadOnlySpan<byte> buffer, nint count);
}
