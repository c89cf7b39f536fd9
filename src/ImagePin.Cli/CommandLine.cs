using System.CommandLine;

namespace ImagePin.Cli;

/// <summary>Builds the command tree; each command lives in its own file under Commands/.</summary>
internal static class CommandLine
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("imagepin: find, pin and keep fresh the container images your repository pulls.");
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
