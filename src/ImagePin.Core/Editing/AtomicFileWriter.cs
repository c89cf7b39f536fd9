namespace ImagePin.Editing;

/// <summary>
/// Replaces a file's content all at once: readers see either the old or the new file, never a half-written one.
/// The caller passes the exact bytes, so encoding, BOM and line endings are whatever it read.
/// </summary>
internal static class AtomicFileWriter
{
    /// <exception cref="IOException">The file could not be replaced; the original is unchanged and no temp file is left.</exception>
    public static void Write(string path, byte[] content) => Write(path, content, beforeReplace: null);

    /// <summary>
    /// As <see cref="Write(string, byte[])"/>, but only if the file still holds <paramref name="expected"/>, checked
    /// just before the rename: an edit made by someone else while imagepin worked is never overwritten.
    /// </summary>
    /// <exception cref="FileChangedException">The file no longer holds what was read; it is left as it is.</exception>
    public static void WriteIfUnchanged(string path, byte[] expected, byte[] content, Action<string>? beforeReplace = null) =>
        Write(path, content, temp =>
        {
            beforeReplace?.Invoke(temp);
            byte[] now;
            try { now = File.ReadAllBytes(path); }
            catch (FileNotFoundException) { throw new FileChangedException($"{path} was removed while imagepin ran; nothing was written"); }
            if (!now.AsSpan().SequenceEqual(expected))
                throw new FileChangedException($"{path} changed while imagepin ran (someone else edited it); it was left as it is: run imagepin again");
        });

    /// <param name="beforeReplace">Test seam: runs with the temp file's path just before it replaces the target.</param>
    internal static void Write(string path, byte[] content, Action<string>? beforeReplace)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = ResolveTarget(path);
        var directory = Path.GetDirectoryName(target) ?? throw new IOException($"cannot write {path}: it has no parent folder");
        var tempPath = Path.Combine(directory, TempName(Path.GetFileName(target), Guid.NewGuid()));
        try
        {
            WriteDurably(tempPath, content);
            if (File.Exists(target))
                CopyPermissions(target, tempPath);
            beforeReplace?.Invoke(tempPath);
            File.Move(tempPath, target, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(tempPath);
            if (e is FileChangedException) throw;
            if (e is IOException or UnauthorizedAccessException)
                throw new IOException($"could not write {path}: {e.Message} (the original file is unchanged)", e);
            throw;
        }
        DirectorySync.TrySync(directory);
    }

    /// <summary>The temporary file beside <paramref name="fileName"/>: <c>.NAME.GUID.imagepin-tmp</c>.</summary>
    internal static string TempName(string fileName, Guid id) => $".{fileName}.{id:N}{TempSuffix}";

    internal const string TempSuffix = ".imagepin-tmp";

    /// <summary>A symlink is followed so the link stays a link and its target gets the new content.</summary>
    internal static string ResolveTarget(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        var final = info.ResolveLinkTarget(returnFinalTarget: true)
            ?? throw new IOException($"could not write {path}: the symbolic link cannot be resolved");
        return final.FullName;
    }

    private static void WriteDurably(string tempPath, byte[] content)
    {
        using var stream = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        });
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    private static void CopyPermissions(string original, string temp)
    {
        if (OperatingSystem.IsWindows()) return;
        // Set explicitly: the umask may have narrowed the temp file's mode at creation.
        File.SetUnixFileMode(temp, File.GetUnixFileMode(original));
        UnixOwnership.TryCopy(original, temp);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort; the real error is reported */ }
    }
}

/// <summary>The file on disk is not the one that was read: it was not written.</summary>
internal sealed class FileChangedException(string message) : IOException(message);
