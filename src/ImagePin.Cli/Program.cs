using ImagePin.Cli.Console;

namespace ImagePin.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // Output (numbers, dates, ordering) must not depend on the machine's locale.
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        var terminal = Terminal.FromProcess();
        try
        {
            return CommandLine.Run(args, terminal);
        }
        finally
        {
            terminal.Flush();
        }
    }
}
