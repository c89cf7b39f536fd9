using System.CommandLine;
using ImagePin.Cli.Commands;
using ImagePin.Cli.Console;

namespace ImagePin.Cli;

/// <summary>Builds the command tree; each command lives in its own file under Commands/.</summary>
internal static class CommandLine
{
    public static int Run(string[] args, Terminal terminal)
    {
        var root = new RootCommand("imagepin: find, pin and keep fresh the container images your repository pulls.")
        {
            AuditCommand.Create(terminal),
            CheckCommand.Create(terminal),
            DbCommand.Create(terminal),
            PinCommand.Create(terminal),
            ResolveCommand.Create(terminal),
            UpdateCommand.Create(terminal),
            VerifyCommand.Create(terminal),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                terminal.Error.Write($"imagepin: error: {error.Message}\n");
            terminal.Error.Write("Run 'imagepin --help' for usage.\n");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: files are written atomically, so nothing is half-written.
            terminal.Error.Write("imagepin: interrupted\n");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort: a bug must still end with a message and a documented code, not a stack trace.
            terminal.Error.Write($"imagepin: internal error: {e.GetType().Name}: {e.Message}\n");
            return ExitCodes.InternalError;
        }
    }
}
