namespace ImagePin.Cli.Console;

/// <summary>The process's streams and whether they are terminals; tests substitute writers.</summary>
internal sealed record Terminal(TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal, string WorkingDirectory)
{
    /// <summary>Environment variables (DOCKER_CONFIG, REGISTRY_AUTH_FILE, NO_COLOR…); tests substitute their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public string HomeDirectory { get; init; } = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    public static Terminal FromProcess() => new(
        System.Console.Out,
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
