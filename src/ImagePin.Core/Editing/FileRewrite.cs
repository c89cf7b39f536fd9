using ImagePin.Sources;

namespace ImagePin.Editing;

/// <summary>
/// What a reference must read after the rewrite: the occurrence at <paramref name="Index"/> of the document expands to
/// <paramref name="Prefix"/> followed by <paramref name="Suffix"/> (kept apart so a run over many files shares the
/// suffixes instead of holding one joined string per reference).
/// </summary>
internal readonly record struct ExpectedReference(int Index, string Prefix, string Suffix = "")
{
    public string Expanded => Prefix + Suffix;

    public bool Matches(string? expanded) => expanded is not null && expanded.Length == Prefix.Length + Suffix.Length
        && expanded.StartsWith(Prefix, StringComparison.Ordinal) && expanded.EndsWith(Suffix, StringComparison.Ordinal);
}

/// <summary>
/// Applies insertions/replacements to one scanned file: the result is read again by the file's own source, must
/// name the same number of images, and every rewritten reference must now read exactly as expected (its digest);
/// then it is written atomically (same BOM, mode, line endings) unless the file changed on disk since it was
/// read, or only diffed for a dry run.
/// </summary>
internal static class FileRewrite
{
    /// <param name="diff">For a dry run, the unified diff as UTF-8: a run over thousands of files holds every diff until the
    /// report, and UTF-8 halves what they cost.</param>
    /// <returns>Null when done; otherwise why the file was left untouched.</returns>
    public static string? Apply(SourceDocument document, IEnumerable<TextEdit> edits, IReadOnlyList<ExpectedReference> expected, bool dryRun, out byte[]? diff)
    {
        diff = null;
        var list = edits as IReadOnlyList<TextEdit> ?? edits.ToList();
        if (document.LoadText(out var changed) is not { } text) return changed;
        string updated;
        try
        {
            updated = TextEditor.Apply(text, list);
        }
        catch (ArgumentException e)
        {
            return $"not written: {e.Message}";
        }
        var reread = document.Reparse(updated);
        if (!reread.Parsed)
            return $"not written: the rewritten file would not parse ({reread.Errors.FirstOrDefault()?.Message})";
        if (reread.OccurrenceCount != document.OccurrenceCount)
            return "not written: the rewritten file would name a different number of images";
        foreach (var e in expected)
            if (reread.Occurrences[e.Index] is var o && !e.Matches(o.Expanded))
                return $"not written: after the rewrite, the reference on line {o.Location.Line} would read '{o.Expanded ?? o.Text}', not '{e.Expanded}'";

        var bytes = document.Encode(updated);
        // The limit must never hide a file imagepin itself wrote from its next run.
        if (bytes.Length > SourceLimits.MaxFileBytes)
            return $"not written: the rewritten file would be {bytes.Length:N0} bytes, over the {SourceLimits.MaxFileBytes:N0}-byte limit imagepin reads";

        if (dryRun)
        {
            diff = System.Text.Encoding.UTF8.GetBytes(UnifiedDiff.FromEdits(document.File.DisplayPath, text, list));
            return null;
        }
        try
        {
            AtomicFileWriter.WriteIfUnchanged(document.File.FullPath, document.Encode(text), bytes);
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }
}
