using System.IO.Enumeration;
using System.Runtime.InteropServices;

namespace ImagePin.Discovery;

/// <summary>What a folder entry is, as far as the walk needs to know.</summary>
internal enum EntryKind : byte
{
    /// <summary>A file (or a symbolic link to one, or a dangling link): a candidate to read.</summary>
    File,
    /// <summary>A real folder: walked.</summary>
    Directory,
    /// <summary>A symbolic link to a folder: never walked (it could loop).</summary>
    LinkedDirectory,
}

/// <param name="Regular">Known to be a regular file (not a link, FIFO, socket or device): safe to open without checking first.</param>
internal readonly record struct DirectoryEntry(string Name, EntryKind Kind, bool Regular);

/// <summary>
/// One folder's entries, sorted by ordinal name. On 64-bit Linux straight from getdents64(2), whose entry type
/// (d_type) tells files from folders without a stat per entry; only a symbolic link, or an entry of a file system
/// that gives no type, costs a stat. Elsewhere, or when the folder cannot be opened that way, through .NET's
/// enumeration (which then throws the exceptions the caller reports).
/// </summary>
internal static class DirectoryListing
{
    private static readonly bool Native = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    public static List<DirectoryEntry> Read(string directory)
    {
        var entries = (Native ? ReadNative(directory) : null) ?? ReadManaged(directory);
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static List<DirectoryEntry> ReadManaged(string directory)
    {
        var entries = new List<DirectoryEntry>();
        var enumerable = new FileSystemEnumerable<DirectoryEntry>(directory,
            static (ref FileSystemEntry e) => new DirectoryEntry(e.FileName.ToString(),
                !e.IsDirectory ? EntryKind.File : (e.Attributes & FileAttributes.ReparsePoint) != 0 ? EntryKind.LinkedDirectory : EntryKind.Directory,
                Regular: false),
            new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0, RecurseSubdirectories = false });
        foreach (var entry in enumerable) entries.Add(entry);
        return entries;
    }

    // d_type values (dirent.h); struct linux_dirent64 is the same on every architecture.
    private const byte DtUnknown = 0, DtDir = 4, DtReg = 8, DtLnk = 10;
    private const int RecordLengthOffset = 16, TypeOffset = 18, NameOffset = 19;
    private const int ORdOnly = 0, ONonBlock = 0x800, OCloExec = 0x80000;

    /// <returns>Null when the folder cannot be listed this way (the managed enumeration then reports why).</returns>
    private static List<DirectoryEntry>? ReadNative(string directory)
    {
        int fd;
        try { fd = Open(directory, ORdOnly | ONonBlock | OCloExec); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
        if (fd < 0) return null;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            var entries = new List<DirectoryEntry>();
            while (true)
            {
                nint filled;
                try { filled = GetDents64(fd, ref buffer[0], buffer.Length); }
                catch (EntryPointNotFoundException) { return null; }
                if (filled < 0) return null; // not a folder after all, or an error: the managed enumeration says which
                if (filled == 0) return entries;
                for (var at = 0; at < filled;)
                {
                    var record = buffer.AsSpan(at, System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + RecordLengthOffset)));
                    at += record.Length;
                    var nameBytes = record[NameOffset..];
                    nameBytes = nameBytes[..nameBytes.IndexOf((byte)0)];
                    if (nameBytes is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                    var name = System.Text.Encoding.UTF8.GetString(nameBytes);
                    entries.Add(record[TypeOffset] switch
                    {
                        DtReg => new DirectoryEntry(name, EntryKind.File, Regular: true),
                        DtDir => new DirectoryEntry(name, EntryKind.Directory, Regular: false),
                        DtLnk => new DirectoryEntry(name, Directory.Exists(Path.Join(directory, name)) ? EntryKind.LinkedDirectory : EntryKind.File, Regular: false),
                        DtUnknown => Classify(directory, name),
                        _ => new DirectoryEntry(name, EntryKind.File, Regular: false), // a FIFO, socket or device: the read says which
                    });
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            Close(fd);
        }
    }

    // A file system that does not fill in d_type: ask lstat (through .NET) what the entry is.
    private static DirectoryEntry Classify(string directory, string name)
    {
        var info = new FileInfo(Path.Join(directory, name));
        if (!info.Exists && !Directory.Exists(info.FullName) && info.LinkTarget is null) return new DirectoryEntry(name, EntryKind.File, Regular: false);
        var isLink = info.LinkTarget is not null;
        var isDirectory = isLink ? Directory.Exists(info.FullName) : (info.Attributes & FileAttributes.Directory) != 0;
        return new DirectoryEntry(name, !isDirectory ? EntryKind.File : isLink ? EntryKind.LinkedDirectory : EntryKind.Directory, Regular: false);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static extern nint GetDents64(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
