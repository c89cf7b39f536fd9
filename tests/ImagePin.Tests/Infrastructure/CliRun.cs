using ImagePin.Cli;
using ImagePin.Cli.Console;

namespace ImagePin.Tests.Infrastructure;

/// <summary>Runs the imagepin command line in-process with captured output and a chosen working directory.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Invoke(string workingDirectory, params string[] args) => Invoke(workingDirectory, null, args);

    /// <param name="environment">Variables that replace the process's (others still read through); e.g. DOCKER_CONFIG.</param>
    public static CliRun Invoke(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        Invoke(workingDirectory, environment, onTerminal: false, args);

    /// <param name="onTerminal">Pretend stdout and stderr are terminals (colour, progress).</param>
    public static CliRun Invoke(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, bool onTerminal, params string[] args) =>
        Invoke(workingDirectory, environment, onTerminal, input: null, args);

    /// <summary>With <paramref name="input"/> as standard input.</summary>
    public static CliRun WithInput(string workingDirectory, string input, params string[] args) =>
        Invoke(workingDirectory, null, onTerminal: false, System.Text.Encoding.UTF8.GetBytes(input), args);

    private static CliRun Invoke(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, bool onTerminal, byte[]? input, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var terminal = new Terminal(stdout, stderr, OutIsTerminal: onTerminal, ErrorIsTerminal: onTerminal, workingDirectory)
        {
            // Isolated from the developer's own Docker credentials unless a test provides some.
            Environment = name => environment is not null && environment.TryGetValue(name, out var v) ? v
                : name is "DOCKER_CONFIG" or "REGISTRY_AUTH_FILE" or "XDG_RUNTIME_DIR" or "XDG_CONFIG_HOME" ? Path.Combine(workingDirectory, ".no-such-config")
                : Environment.GetEnvironmentVariable(name),
            HomeDirectory = Path.Combine(workingDirectory, ".no-such-home"),
            Input = () => new MemoryStream(input ?? []),
        };
        var code = CommandLine.Run(args, terminal);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
