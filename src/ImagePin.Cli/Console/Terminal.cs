namespace ImagePin.Cli.Console;

/// <summary>The process's streams and whether they are terminals; tests substitute writers.</summary>
internal sealed record Terminal(TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal, string WorkingDirectory)
{
    public static Terminal FromProcess() => new(
        System.Console.Out,
        System.Console.Error,
        !System.Console.IsOutputRedirected,
        !System.Console.IsErrorRedirected,
        Environment.CurrentDirectory);

    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb.</summary>
    public bool UseColor(bool isTerminal) =>
        isTerminal
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
