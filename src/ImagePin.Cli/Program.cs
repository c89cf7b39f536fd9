using ImagePin.Cli.Console;

namespace ImagePin.Cli;

public static class Program
{
    public static int Main(string[] args) => CommandLine.Run(args, Terminal.FromProcess());
}
