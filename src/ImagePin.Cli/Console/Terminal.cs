namespace ImagePin.Cli.Console;

/// <summary>The process's streams and whether they are terminals; tests substitute writers.</summary>
internal sealed record Terminal(TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal, string WorkingDirectory)
{
    /// <summary>Environment variables (DOCKER_CONFIG, REGISTRY_AUTH_FILE, NO_COLOR…); tests substitute their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public string HomeDirectory { get; init; } = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    /// <summary>
    /// The process's streams. Redirected standard output gets a 64 KiB buffer (the console's own writes every 256
    /// characters, thousands of system calls for a large JSON report); <see cref="Program.Main"/> flushes it at exit.
    /// </summary>
    public static Terminal FromProcess() => new(
        System.Console.IsOutputRedirected
            ? new StreamWriter(System.Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024) { AutoFlush = false }
            : System.Console.Out,
        System.Console.Error,
        !System.Console.IsOutputRedirected,
        !System.Console.IsErrorRedirected,
        System.Environment.CurrentDirectory);

    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb.</summary>
    public bool UseColor(bool isTerminal) =>
        isTerminal
        && string.IsNullOrEmpty(Environment("NO_COLOR"))
        && Environment("TERM") != "dumb";
}
