using ImagePin.Sources;

namespace ImagePin.Editing;

/// <summary>
/// Applies insertions/replacements to one scanned file: the result is read again by the file's own source and
/// must still parse to the same number of image references, then it is written atomically (same BOM, mode,
/// line endings), or only diffed for a dry run.
/// </summary>
internal static class FileRewrite
{
    /// <returns>Null when done; otherwise why the file was left untouched.</returns>
    public static string? Apply(SourceDocument document, IEnumerable<TextEdit> edits, bool dryRun, out string? diff)
    {
        diff = null;
        var list = edits as IReadOnlyList<TextEdit> ?? edits.ToList();
        string updated;
        try
        {
            updated = TextEditor.Apply(document.Text, list);
        }
        catch (ArgumentException e)
        {
            return $"not written: {e.Message}";
        }
        var reread = document.Reparse(updated);
        if (!reread.Parsed)
            return $"not written: the rewritten file would not parse ({reread.Errors.FirstOrDefault()?.Message})";
        if (reread.Occurrences.Count != document.Occurrences.Count)
            return "not written: the rewritten file would name a different number of images";

        if (dryRun)
        {
            diff = UnifiedDiff.FromEdits(document.File.DisplayPath, document.Text, list);
            return null;
        }
        try
        {
            AtomicFileWriter.Write(document.File.FullPath, document.Encode(updated));
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }
}
