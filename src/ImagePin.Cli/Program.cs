using ImagePin.Cli.Console;

namespace ImagePin.Cli;

public static class Program
{
    /// <summary>What <c>--version</c> prints: the informational version, as the command-line library prints it.</summary>
    internal static string Version { get; } =
        typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false) is [System.Reflection.AssemblyInformationalVersionAttribute a, ..]
            ? a.InformationalVersion : "0.0.0";

    public static int Main(string[] args)
    {
        // Answered before anything else is built (command tree, console, culture): scripts and shells call it often.
        if (args is ["--version"])
        {
            Console.DescriptorStream.WriteLine(1, Version);
            return ExitCodes.Success;
        }
        Scanning.PhaseTrace.MainStarted();
        Commands.CollectionPause.OwnProcess = true;
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
            Scanning.PhaseTrace.Report(terminal.Error);
        }
    }
}
