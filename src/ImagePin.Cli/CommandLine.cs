using System.CommandLine;
using ImagePin.Cli.Commands;
using ImagePin.Cli.Console;

namespace ImagePin.Cli;

/// <summary>Builds the command tree; each command lives in its own file under Commands/.</summary>
internal static class CommandLine
{
    private static string HelpCommand(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "imagepin" : $"imagepin {parse.CommandResult.Command.Name}";

    public static int Run(string[] args, Terminal terminal)
    {
        var root = new RootCommand("imagepin: find, pin and keep fresh the container images your repository pulls.")
        {
            AuditCommand.Create(terminal),
            CheckCommand.Create(terminal),
            CompletionCommand.Create(terminal),
            ConfigCommand.Create(terminal),
            DbCommand.Create(terminal),
            PinCommand.Create(terminal),
            ResolveCommand.Create(terminal),
            UpdateCommand.Create(terminal),
            VerifyCommand.Create(terminal),
        };
        HelpExamples.Install(root);
        var parse = root.Parse(args);
        // The [suggest:N] directive (shell completion) lists what may come next, however unfinished the line is.
        // --help too, even where a required argument is missing.
        var completing = root.Directives.OfType<System.CommandLine.Completions.SuggestDirective>().Any(d => parse.GetResult(d) is not null);
        if (!completing && parse.Action is not HelpExamples && UsageErrors.First(parse) is { } usage)
        {
            terminal.Error.Write($"imagepin: error: {usage}\n");
            terminal.Error.Write($"Run '{HelpCommand(parse)} --help' for usage.\n");
            return ExitCodes.Usage;
        }
        using var stop = new StopSignals();
        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = terminal.Out, Error = terminal.Error, EnableDefaultExceptionHandler = false,
                // Signals are handled below, so that SIGINT and SIGTERM can be told apart.
                ProcessTerminationTimeout = null,
            };
            return parse.InvokeAsync(configuration, stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.Signal is { } signal)
        {
            // Files are written atomically, so nothing is half-written.
            var terminated = signal == System.Runtime.InteropServices.PosixSignal.SIGTERM;
            terminal.Error.Write(terminated ? "imagepin: terminated\n" : "imagepin: interrupted\n");
            return terminated ? ExitCodes.Terminated : ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort: a bug must still end with a message and a documented code, not a stack trace.
            terminal.Error.Write($"imagepin: internal error: {e.GetType().Name}: {e.Message}\n");
            return ExitCodes.InternalError;
        }
    }
}
