using ImagePin.Cli;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests;

public class CliTests
{
    [Fact]
    public void Help_lists_the_check_command()
    {
        var run = CliRun.Invoke(Directory.GetCurrentDirectory(), "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("check", run.Out);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var run = CliRun.Invoke(Directory.GetCurrentDirectory(), "check", "--no-such-option");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--no-such-option", run.Error);
    }
}
