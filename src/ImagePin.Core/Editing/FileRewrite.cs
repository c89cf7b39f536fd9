using ImagePin.Dockerfiles.Syntax;
using ImagePin.Scanning;
using ImagePin.Sources.Dockerfiles;

namespace ImagePin.Editing;

/// <summary>
/// Applies insertions/replacements to one scanned Dockerfile: the result must still parse to the same number of
/// image references, then it is written atomically (same BOM, mode, line endings), or only diffed for a dry run.
/// </summary>
internal static class FileRewrite
{
    /// <returns>Null when done; otherwise why the file was left untouched.</returns>
    public static string? Apply(FileScanResult file, string displayPath, IEnumerable<TextEdit> edits, bool dryRun, ScanOptions options, out string? diff)
    {
        diff = null;
        string updated;
        try
        {
            updated = TextEditor.Apply(file.Text!, edits);
        }
        catch (ArgumentException e)
        {
            return $"not written: {e.Message}";
        }
        var bytes = SourceDecoder.Encode(updated, file.HasBom);
        var rescan = DockerfileReferenceSource.Scan(file.FullPath, bytes, options);
        if (rescan.Error is not null)
            return $"not written: the rewritten file would not parse ({rescan.Error.Message})";
        if (rescan.Occurrences.Count != file.Occurrences.Count)
            return "not written: the rewritten file would name a different number of images";

        if (dryRun)
        {
            diff = UnifiedDiff.Create(displayPath, file.Text!, updated);
            return null;
        }
        try
        {
            AtomicFileWriter.Write(file.FullPath, bytes);
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }
}
