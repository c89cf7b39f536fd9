using System.Runtime.InteropServices;

namespace ImagePin.Discovery;

/// <summary>
/// What a path is when it is not a regular file: .NET reports FIFOs, devices and sockets as ordinary empty files,
/// and opening a FIFO blocks until a writer comes. statx has one layout on every Linux architecture, unlike stat;
/// elsewhere every path counts as a regular file.
/// </summary>
internal static class UnixFileType
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;

    /// <returns>"a named pipe (FIFO)", "a socket", "a character device" or "a block device"; null for a regular file or when unknown.</returns>
    public static string? DescribeSpecial(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var buffer = new byte[256]; // sizeof(struct statx)
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
            return (BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000) switch
            {
                0x1000 => "a named pipe (FIFO)",
                0xC000 => "a socket",
                0x2000 => "a character device",
                0x6000 => "a block device",
                _ => null,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
