using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImagePin.Cli;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests;

/// <summary>A run stopped by a signal ends with the shell's code for it and a message, whatever it was waiting for.</summary>
public sealed class StopSignalTests
{
    [Theory]
    [InlineData("INT", ExitCodes.Interrupted, "imagepin: interrupted")]
    [InlineData("TERM", ExitCodes.Terminated, "imagepin: terminated")]
    public async Task A_stop_signal_during_registry_work_ends_the_run_with_its_code(string signal, int expectedCode, string expectedMessage)
    {
        // A registry that accepts connections and never answers keeps pin waiting.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var tree = new TempTree().Write("Dockerfile", $"FROM 127.0.0.1:{port}/app:1\n");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "imagepin.dll"), "pin", "--dry-run"])
        {
            WorkingDirectory = tree.Root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using (var accepted = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken))
        {
            ExternalTool.Succeed(tree.Root, "kill", $"-{signal}", process.Id.ToString());
            var exited = process.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken)) != exited)
            {
                process.Kill();
                Assert.Fail("the process did not stop within 20 s of the signal");
            }
        }

        Assert.Equal(expectedCode, process.ExitCode);
        Assert.Contains(expectedMessage, await stderr);
        Assert.Equal($"FROM 127.0.0.1:{port}/app:1\n", tree.Read("Dockerfile"));
    }
}
