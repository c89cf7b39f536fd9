using ImagePin.Cli.Console;

namespace ImagePin.Cli.Commands;

internal static class Usage
{
    /// <summary>Reports a usage or configuration error and gives its exit code.</summary>
    public static int Fail(Terminal terminal, string message)
    {
        terminal.Error.Write($"imagepin: error: {message}\n");
        return ExitCodes.Usage;
    }
}
