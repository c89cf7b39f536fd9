using ImagePin.Cli;
using ImagePin.Cli.Console;

namespace ImagePin.Tests.Infrastructure;

/// <summary>Runs the imagepin command line in-process with captured output and a chosen working directory.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Invoke(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var terminal = new Terminal(stdout, stderr, OutIsTerminal: false, ErrorIsTerminal: false, workingDirectory);
        var code = CommandLine.Run(args, terminal);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
