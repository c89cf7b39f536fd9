using ImagePin.Cli.Console;

namespace ImagePin.Cli.Commands;

/// <summary>
/// A file a command will write its report to (<c>--output</c>, <c>--summary-md</c>), checked before anything
/// else happens: a typo in it must not be found out after the Dockerfiles were rewritten.
/// </summary>
internal static class OutputPath
{
    /// <returns>A usage error naming the option, or null when the file can be written.</returns>
    public static string? Check(string option, string? path, Terminal terminal)
    {
        if (path is null) return null;
        if (path.Length == 0) return $"{option}: an empty file name";
        string full;
        try { full = Path.GetFullPath(path, terminal.WorkingDirectory); }
        catch (ArgumentException e) { return $"{option} '{path}': not a usable path ({e.Message})"; }
        if (Directory.Exists(full)) return $"{option} '{path}': is a folder; name a file";
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) return $"{option} '{path}': the folder {folder} does not exist";
        try
        {
            // Open without truncating, so an existing report is only replaced once the run has something to say.
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option} '{path}': cannot be written ({ImagePin.Discovery.IoErrors.Describe(e)})";
        }
    }
}
