using System.Buffers.Binary;
using System.Text;

namespace ImagePin.Discovery;

/// <summary>
/// The paths git tracks in a work tree, read from its index file (format versions 2, 3 and 4). In git, ignore
/// rules apply only to untracked files, so a tracked file is read even where .gitignore would skip it.
/// Bounded: an index larger than <see cref="MaxBytes"/> or malformed is treated as empty (ignore rules then
/// apply to every file, as before), never an error.
/// </summary>
internal sealed class GitIndex
{
    public const long MaxBytes = 256L * 1024 * 1024;
    private static readonly GitIndex Empty = new([]);
    private readonly string[] _paths;

    private GitIndex(string[] sortedPaths) => _paths = sortedPaths;

    public int Count => _paths.Length;

    /// <summary>The index of the work tree whose top folder is <paramref name="workTree"/>; empty when there is none or it cannot be read.</summary>
    public static GitIndex Load(string workTree)
    {
        try
        {
            var file = IndexFile(workTree);
            if (file is null || !File.Exists(file) || new FileInfo(file).Length > MaxBytes) return Empty;
            return Parse(File.ReadAllBytes(file)) ?? Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty;
        }
    }

    /// <summary>Whether the repository-relative path (with '/') is tracked.</summary>
    public bool Tracks(string path) => Array.BinarySearch(_paths, path, StringComparer.Ordinal) >= 0;

    /// <summary>Whether anything below the repository-relative folder is tracked.</summary>
    public bool TracksBelow(string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var at = Array.BinarySearch(_paths, prefix, StringComparer.Ordinal);
        if (at < 0) at = ~at;
        return at < _paths.Length && _paths[at].StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>.git/index, or the index of the git folder a <c>.git</c> file points to (worktrees, submodules).</summary>
    private static string? IndexFile(string workTree)
    {
        var dotGit = Path.Combine(workTree, ".git");
        if (Directory.Exists(dotGit)) return Path.Combine(dotGit, "index");
        if (!File.Exists(dotGit) || new FileInfo(dotGit).Length > 4096) return null;
        var line = File.ReadAllText(dotGit).Trim();
        if (!line.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
        return Path.Combine(Path.GetFullPath(line["gitdir:".Length..].Trim(), workTree), "index");
    }

    /// <summary>The paths of every entry, sorted ordinally; null when the bytes are not an index git writes.</summary>
    internal static GitIndex? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("DIRC"u8)) return null;
        var version = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        if (version is < 2 or > 4) return null;
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
        // An entry takes at least 62 bytes plus a name: more entries than that cannot fit.
        if (count > (uint)(bytes.Length / 62)) return null;
        var paths = new string[count];
        var position = 12;
        var previous = "";
        for (var i = 0; i < count; i++)
        {
            // ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each), object id (20), flags (2).
            const int fixedLength = 40 + 20 + 2;
            if (position + fixedLength > bytes.Length) return null;
            var flags = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 60)..]);
            position += fixedLength;
            if (version >= 3 && (flags & 0x4000) != 0) position += 2; // extended flags
            if (version == 4)
            {
                // The name is the previous name minus N trailing bytes (a varint), then new bytes up to NUL.
                if (!TryReadVarint(bytes, ref position, out var strip) || strip > (ulong)Encoding.UTF8.GetByteCount(previous)) return null;
                var prefix = Encoding.UTF8.GetBytes(previous);
                var end = bytes[position..].IndexOf((byte)0);
                if (end < 0) return null;
                var name = new byte[prefix.Length - (int)strip + end];
                prefix.AsSpan(0, prefix.Length - (int)strip).CopyTo(name);
                bytes.Slice(position, end).CopyTo(name.AsSpan(prefix.Length - (int)strip));
                previous = Encoding.UTF8.GetString(name);
                position += end + 1;
            }
            else
            {
                var end = bytes[position..].IndexOf((byte)0);
                if (end < 0) return null;
                previous = Encoding.UTF8.GetString(bytes.Slice(position, end));
                // Entries are padded with NULs to a multiple of 8 bytes, counted from the entry's start.
                var entryLength = fixedLength + ((flags & 0x4000) != 0 && version >= 3 ? 2 : 0) + end;
                position += end + (8 - entryLength % 8);
            }
            paths[i] = previous;
        }
        Array.Sort(paths, StringComparer.Ordinal);
        return new GitIndex(paths);
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref int position, out ulong value)
    {
        // git's offset varint: each continuation adds one before shifting.
        value = 0;
        for (var i = 0; i < 10 && position < bytes.Length; i++)
        {
            var b = bytes[position++];
            value = (value << 7) | (uint)(b & 0x7f);
            if ((b & 0x80) == 0) return true;
            value++;
        }
        return false;
    }
}
