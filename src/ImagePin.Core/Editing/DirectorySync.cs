using System.Runtime.InteropServices;

namespace ImagePin.Editing;

/// <summary>
/// fsync on a folder makes a rename inside it survive a crash; .NET cannot open a folder as a stream.
/// Best effort: the new content is already in place, so a failure here is not reported.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void TrySync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            var fd = Open(directory, ReadOnly);
            if (fd < 0) return;
            _ = Fsync(fd);
            _ = Close(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
