namespace ImagePin.Discovery;

/// <summary>
/// What a failed file-system call means, in words a user can act on. .NET's messages repeat the full path
/// (often already in the report) and name .NET concepts ("Access to the path is denied").
/// </summary>
internal static class IoErrors
{
    public static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long for the file system to open",
        FileNotFoundException or DirectoryNotFoundException => "it does not exist (a dangling symbolic link, or removed while imagepin ran)",
        IOException io when io.HResult == 21 || io.Message.Contains("Is a directory", StringComparison.Ordinal) => "it is a folder, not a file",
        _ => e.Message,
    };
}
