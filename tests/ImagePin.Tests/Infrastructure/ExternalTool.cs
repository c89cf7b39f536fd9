using System.Diagnostics;
using System.Text;

namespace ImagePin.Tests.Infrastructure;

/// <summary>Runs a program the tests compare with or set up with (git, GNU diff, script); skips the test when it is not installed.</summary>
internal static class ExternalTool
{
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, string program, params string[] arguments) =>
        Run(workingDirectory, null, program, arguments);

    /// <param name="environment">Variables set (a null value removes one) for the program.</param>
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // A developer's own git settings must not change what the tests see.
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Skip($"{program} is not installed"); throw; }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Runs and requires success; gives standard output.</summary>
    public static string Succeed(string workingDirectory, string program, params string[] arguments)
    {
        var (code, output, error) = Run(workingDirectory, program, arguments);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)}: exit {code}: {error}");
        return output;
    }
}
