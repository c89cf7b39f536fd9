using System.Buffers;
using System.Runtime.InteropServices;

namespace ImagePin.Scanning;

/// <summary>What <see cref="FileReads.TryRead"/> found.</summary>
internal enum ReadOutcome
{
    /// <summary>Read whole: the bytes are in the buffer (rented from the shared pool; give it back).</summary>
    Read,
    /// <summary>Larger than the limit: not read; the length says how large.</summary>
    TooLarge,
    /// <summary>A FIFO, socket or device: not read; the description says which.</summary>
    NotRegular,
    /// <summary>Not read this way (could not be opened, an error, or not Linux): read it the portable way, which reports why.</summary>
    Fallback,
}

/// <summary>
/// Reads a whole file in four system calls on 64-bit Linux: open (non-blocking, so a FIFO does not wait for a writer),
/// statx on the descriptor (type and size), read, close. .NET's own file reading takes twice that (a stat first, a second
/// fstat, and an advisory lock taken and released). Anything unusual is left to the portable path, so its messages stay
/// the same.
/// </summary>
internal static class FileReads
{
    private static readonly bool Native = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    // fcntl.h values, the same on x86-64 and arm64.
    private const int ORdOnly = 0, ONonBlock = 0x800, OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int StatxModeOffset = 28, StatxSizeOffset = 40, StatxBytes = 256;
    private const int EIntr = 4;

    /// <param name="buffer">On <see cref="ReadOutcome.Read"/>, a pooled buffer holding the file's bytes in [0, length).</param>
    /// <param name="length">The bytes read, or the file's size when it is too large.</param>
    /// <param name="special">For <see cref="ReadOutcome.NotRegular"/>: "a named pipe (FIFO)", "a socket", …</param>
    public static ReadOutcome TryRead(string path, long maxBytes, out byte[]? buffer, out long length, out string? special)
    {
        buffer = null;
        length = 0;
        special = null;
        if (!Native) return ReadOutcome.Fallback;
        int fd;
        try { fd = Open(path, ORdOnly | ONonBlock | OCloExec); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return ReadOutcome.Fallback; }
        if (fd < 0) return ReadOutcome.Fallback;
        try
        {
            Span<byte> status = stackalloc byte[StatxBytes];
            if (Statx(fd, "", AtEmptyPath, StatxType | StatxSize, ref MemoryMarshal.GetReference(status)) != 0) return ReadOutcome.Fallback;
            var mode = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(status[StatxModeOffset..]);
            if ((mode & 0xF000) != 0x8000)
            {
                special = Describe(mode);
                return special is null ? ReadOutcome.Fallback : ReadOutcome.NotRegular;
            }
            length = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(status[StatxSizeOffset..]);
            if (length > maxBytes) return ReadOutcome.TooLarge;
            var size = (int)length;
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
            var total = 0;
            // Like File.ReadAllBytes: the size the file had when opened (a file that grows meanwhile is read to that size).
            while (total < size)
            {
                var read = Read(fd, ref buffer[total], size - total);
                if (read == 0) break;
                if (read < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EIntr) continue;
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    return ReadOutcome.Fallback;
                }
                total += (int)read;
            }
            length = total;
            return ReadOutcome.Read;
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>The words for a file type other than a regular file or folder; null for those (and unknown types).</summary>
    public static string? Describe(int mode) => (mode & 0xF000) switch
    {
        0x1000 => "a named pipe (FIFO)",
        0xC000 => "a socket",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => null,
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
