using ImagePin.Cli;

namespace ImagePin.Tests;

public class CliTests
{
    [Fact]
    public void Help_lists_the_tool_name()
    {
        var output = new StringWriter();
        var code = CommandLine.Run(["--help"], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("imagepin", output.ToString());
    }
}
