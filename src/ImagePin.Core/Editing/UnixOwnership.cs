using System.Runtime.InteropServices;

namespace ImagePin.Editing;

/// <summary>
/// Copies owner and group between files. .NET has no API for this; statx has one layout on every Linux
/// architecture, unlike stat. Elsewhere, or without the right to chown, ownership is left as created.
/// </summary>
internal static class UnixOwnership
{
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x8, StatxGid = 0x10;
    private const int StatxUidOffset = 20, StatxGidOffset = 24;

    public static void TryCopy(string from, string to)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (Owner(from) is not { } wanted || Owner(to) is not { } actual || wanted == actual) return;
            // Fails without privilege (EPERM) unless only the group changes to one of ours: then the new file keeps ours.
            _ = Chown(to, wanted.Uid, wanted.Gid);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    internal static (uint Uid, uint Gid)? Owner(string path)
    {
        var buffer = new byte[256]; // sizeof(struct statx)
        if (Statx(AtFdCwd, path, 0, StatxUid | StatxGid, buffer) != 0) return null;
        return (BitConverter.ToUInt32(buffer, StatxUidOffset), BitConverter.ToUInt32(buffer, StatxGidOffset));
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole library.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint uid, uint gid);
}
