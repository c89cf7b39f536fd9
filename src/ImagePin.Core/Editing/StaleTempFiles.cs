namespace ImagePin.Editing;

/// <summary>
/// A run killed between writing a temporary file and renaming it over its target (<c>kill -9</c>, power loss) leaves
/// the target untouched and a <c>.NAME.GUID.imagepin-tmp</c> beside it. The next rewriting run removes those of the
/// files it read: only names that <see cref="AtomicFileWriter"/> makes, only beside files of the scan.
/// </summary>
internal static class StaleTempFiles
{
    /// <returns>The temporary files removed.</returns>
    public static IReadOnlyList<string> Remove(IEnumerable<string> files)
    {
        var removed = new List<string>();
        foreach (var folder in files.Select(Target).OfType<string>().GroupBy(Path.GetDirectoryName))
        {
            if (folder.Key is null) continue;
            var names = folder.Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            IEnumerable<string> candidates;
            try { candidates = Directory.EnumerateFiles(folder.Key, "*" + AtomicFileWriter.TempSuffix).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var candidate in candidates)
            {
                if (OwnerOf(Path.GetFileName(candidate)) is not { } owner || !names.Contains(owner)) continue;
                try
                {
                    File.Delete(candidate);
                    removed.Add(candidate);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* left for a later run */ }
            }
        }
        return removed;
    }

    /// <summary>The file a temporary name belongs to: <c>.NAME.GUID.imagepin-tmp</c> → NAME; null for any other name.</summary>
    internal static string? OwnerOf(string tempName)
    {
        const int guidLength = 32;
        var suffix = AtomicFileWriter.TempSuffix;
        if (!tempName.StartsWith('.') || !tempName.EndsWith(suffix, StringComparison.Ordinal)) return null;
        var middle = tempName[1..^suffix.Length];
        if (middle.Length < guidLength + 2 || middle[^(guidLength + 1)] != '.') return null;
        var id = middle[^guidLength..];
        if (!id.All(char.IsAsciiHexDigitLower)) return null;
        return middle[..^(guidLength + 1)];
    }

    private static string? Target(string path)
    {
        try { return AtomicFileWriter.ResolveTarget(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }
}
