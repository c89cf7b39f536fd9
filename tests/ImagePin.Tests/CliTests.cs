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

    [Theory]
    [InlineData("check --bogus", "unknown option '--bogus' for 'imagepin check'")]
    [InlineData("check --fromat json", "unknown option '--fromat' for 'imagepin check' (did you mean '--format'?)")]
    [InlineData("pin --dry-rn", "unknown option '--dry-rn' for 'imagepin pin' (did you mean '--dry-run'?)")]
    [InlineData("resolve -f json alpine:3", "unknown option '-f' for 'imagepin resolve'")]
    [InlineData("chek", "unknown command 'chek' (did you mean 'check'?); commands: ")]
    [InlineData("check --build-arg", "--build-arg")]
    [InlineData("verify --insecure-registry", "--insecure-registry")]
    public void Usage_mistakes_get_one_error_naming_the_option_with_a_suggestion(string line, string expected)
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM scratch\n");

        var run = CliRun.Invoke(tree.Root, line.Split(' '));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(expected, lines[0]);
        Assert.StartsWith("Run 'imagepin", lines[1]);
    }

    [Fact]
    public void Words_after_a_double_dash_are_paths_even_when_they_start_with_a_dash()
    {
        using var tree = new TempTree().Write("-odd/Dockerfile", "FROM scratch\n");

        var run = CliRun.Invoke(tree.Root, "check", "--", "-odd");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Output_on_a_terminal_leaves_the_terminal_modes_alone()
    {
        // System.Console switches a terminal to keypad-transmit mode (ESC[?1h ESC=) and never back; the tool must not.
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3\n");
        var tool = Path.Combine(AppContext.BaseDirectory, "imagepin.dll");

        var (_, output, _) = ExternalTool.Run(tree.Root, "script", "-qc", $"dotnet \"{tool}\" check", "/dev/null");

        Assert.Contains("alpine:3", output);
        Assert.DoesNotContain("\u001b[?1h", output);
        Assert.DoesNotContain("\u001b=", output);
    }

    [Fact]
    public void Runs_sharing_one_redirected_output_append_to_it_and_a_closed_pipe_is_no_error()
    {
        // Shells and xargs give every run the same open file: each must write at its end, not at its own offset.
        using var tree = new TempTree().Write("a/Dockerfile", "FROM alpine:3\n").Write("b/Dockerfile", "FROM busybox:1\n");
        var tool = Path.Combine(AppContext.BaseDirectory, "imagepin.dll");

        ExternalTool.Run(tree.Root, "bash", "-c", $"(dotnet \"{tool}\" check a; dotnet \"{tool}\" check b) > out.txt 2>/dev/null");
        // A report far larger than a pipe holds, read only for its first bytes.
        tree.Write("many/Dockerfile", string.Concat(Enumerable.Repeat("FROM x:1\n", 20_000)));
        var (code, _, error) = ExternalTool.Run(tree.Root, "bash", "-c", $"set -o pipefail; dotnet \"{tool}\" check --format json . | head -c 10 > /dev/null; echo \"exit ${{PIPESTATUS[0]}}\" >&2");

        var lines = tree.Read("out.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("a/Dockerfile:1:6:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("b/Dockerfile:1:6:", StringComparison.Ordinal));
        Assert.DoesNotContain("internal error", error);
        Assert.Contains("exit 1", error); // findings, as without the pipe: not 70, not a signal
    }

    [Theory]
    [InlineData("update", "--summary-md", "no-such-folder/pr.md", "the folder")]
    [InlineData("update", "--summary-md", "sub", "is a folder")]
    [InlineData("check", "--output", "sub", "is a folder")]
    [InlineData("verify", "--output", "no-such-folder/out.sarif", "the folder")]
    public void Output_files_are_checked_before_any_file_is_read_or_written(string command, string option, string path, string expected)
    {
        var pinned = "FROM 127.0.0.1:1/app:1@sha256:" + new string('a', 64) + "\n";
        using var tree = new TempTree().Write("Dockerfile", pinned).Write("sub/keep", "");

        var run = CliRun.Invoke(tree.Root, command, option, path);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{option} '{path}'", run.Error);
        Assert.Contains(expected, run.Error);
        Assert.Equal(pinned, tree.Read("Dockerfile"));
        Assert.DoesNotContain("127.0.0.1:1", run.Error); // no registry was asked
    }
}
