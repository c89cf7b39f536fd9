using ImagePin.Cli.Console;

namespace ImagePin.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var terminal = Terminal.FromProcess();
        try
        {
            return CommandLine.Run(args, terminal);
        }
        finally
        {
            terminal.Out.Flush();
        }
    }
}
