using System.Diagnostics;
using System.Text;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>
/// `imagepin pin` through the command line against the open test registry behind <see cref="FaultProxy"/>, a real
/// loopback socket that lies, stalls, resets and refuses. Each test states the exit code, the message, what the file
/// holds afterwards and how many requests reached the registry (docs/reliability.md has the table).
/// </summary>
public sealed class ProxyFaultTests
{
    private static readonly string Zeros = "sha256:" + new string('0', 64);

    private sealed record Setup(FaultProxy Proxy, TempTree Tree, string Original, string Image, PushedManifest Pushed) : IAsyncDisposable
    {
        public string Pinned => $"FROM {Image}:1.0@{Pushed.Digest}\n";

        public string File => Tree.Read("Dockerfile");

        public async ValueTask DisposeAsync()
        {
            Tree.Dispose();
            await Proxy.DisposeAsync();
        }
    }

    private static async Task<Setup> StartAsync(Func<ProxyRequest, Fault> rule)
    {
        var repository = TestRegistries.UniqueRepository("fault");
        var pushed = await Pushers.Open().PushImageAsync(repository, "1.0", ImageFormat.Oci);
        var proxy = new FaultProxy(TestRegistries.Open, rule);
        var image = $"{proxy.Authority}/{repository}";
        var original = $"FROM {image}:1.0\n";
        return new Setup(proxy, new TempTree().Write("Dockerfile", original), original, image, pushed);
    }

    private static CliRun Pin(Setup s, params string[] extra)
    {
        var run = CliRun.Invoke(s.Tree.Root, ["pin", .. extra]);
        TestContext.Current.SendDiagnosticMessage($"exit {run.ExitCode}; stderr: {run.Error}; requests: {string.Join(", ", s.Proxy.Requests.Select(r => $"{r.Method} {r.Path}"))}");
        return run;
    }

    private static void AssertNoTempFiles(Setup s) =>
        Assert.Empty(Directory.GetFiles(s.Tree.Root, "*.imagepin-tmp", SearchOption.AllDirectories));

    [Fact]
    public async Task Wrong_digest_header_is_refused_naming_the_registry_and_the_file_is_untouched()
    {
        await using var s = await StartAsync(r => r.IsManifest ? Fault.Rewrite(x => x.WithHeader("Docker-Content-Digest", Zeros)) : Fault.None);

        var run = Pin(s);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{s.Proxy.Authority} sent Docker-Content-Digest {Zeros}", run.Error);
        Assert.Contains(s.Pushed.Digest, run.Error); // what the bytes really hash to
        Assert.DoesNotContain(Zeros, s.File);
        Assert.Equal(s.Original, s.File);
        Assert.Equal(1, s.Proxy.Count()); // one GET; a mismatch is not retried
        AssertNoTempFiles(s);
    }

    [Fact]
    public async Task No_digest_header_pins_the_hash_of_the_body()
    {
        await using var s = await StartAsync(r => r.IsManifest ? Fault.Rewrite(x => x.WithHeader("Docker-Content-Digest", null)) : Fault.None);

        var run = Pin(s);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(s.Pinned, s.File);
        Assert.Equal(1, s.Proxy.Count());
    }

    [Fact]
    public async Task Body_corrupted_with_the_header_intact_is_refused()
    {
        await using var s = await StartAsync(r => r.IsManifest
            ? Fault.Rewrite(x => x with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(x.Body).Replace("amd64", "arm64").Replace("\"size\":", "\"size\": ")) })
            : Fault.None);

        var run = Pin(s);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"sent Docker-Content-Digest {s.Pushed.Digest} but the", run.Error);
        Assert.Contains("refusing the content", run.Error);
        Assert.Equal(s.Original, s.File);
        Assert.Equal(1, s.Proxy.Count());
    }

    [Fact]
    public async Task A_20_MiB_manifest_is_refused_at_the_size_limit()
    {
        var huge = new byte[20 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');
        await using var s = await StartAsync(r => r.IsManifest
            ? Fault.Answer(new ProxyResponse(200, [("Content-Type", "application/vnd.oci.image.manifest.v1+json")], huge))
            : Fault.None);

        var run = Pin(s);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("20971520 bytes, over the 4194304-byte limit", run.Error);
        Assert.Equal(s.Original, s.File);
        Assert.Equal(1, s.Proxy.Count());
    }

    [Fact]
    public async Task Status_429_with_Retry_After_is_waited_out_and_then_pinned()
    {
        await using var s = await StartAsync(r => r.Index == 1 ? Fault.Answer(ProxyResponse.Plain(429, ("Retry-After", "2"))) : Fault.None);
        var clock = Stopwatch.StartNew();

        var run = Pin(s);

        Assert.Equal(0, run.ExitCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal(s.Pinned, s.File);
        Assert.Equal(2, s.Proxy.Count());
    }

    [Fact]
    public async Task Status_503_twice_is_retried_and_then_pinned()
    {
        await using var s = await StartAsync(r => r.Index <= 2 ? Fault.Answer(ProxyResponse.Plain(503)) : Fault.None);

        var run = Pin(s);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(s.Pinned, s.File);
        Assert.Equal(3, s.Proxy.Count());
    }

    [Fact]
    public async Task A_connection_reset_is_retried_and_then_pinned()
    {
        await using var s = await StartAsync(r => r.Index == 1 ? Fault.Reset : Fault.None);

        var run = Pin(s);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(s.Pinned, s.File);
        Assert.Equal(2, s.Proxy.Count());
    }

    [Fact]
    public async Task Connections_reset_every_time_fail_after_the_attempts_with_the_file_untouched()
    {
        await using var s = await StartAsync(_ => Fault.Reset);

        var run = Pin(s);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"cannot reach {s.Proxy.Authority}", run.Error);
        Assert.Contains("after 5 attempts", run.Error);
        Assert.Equal(s.Original, s.File);
        Assert.Equal(5, s.Proxy.Count());
    }

    [Fact]
    public async Task A_slow_answer_within_the_default_timeout_is_waited_for()
    {
        await using var s = await StartAsync(r => r.Index == 1 ? Fault.Delay(TimeSpan.FromSeconds(2)) : Fault.None);

        var run = Pin(s);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(s.Pinned, s.File);
        Assert.Equal(1, s.Proxy.Count());
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_option_is_abandoned_and_retried()
    {
        await using var s = await StartAsync(r => r.Index == 1 ? Fault.Delay(TimeSpan.FromSeconds(20)) : Fault.None);
        var clock = Stopwatch.StartNew();

        var run = Pin(s, "--timeout", "1s");

        Assert.Equal(0, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(s.Pinned, s.File);
        Assert.Equal(2, s.Proxy.Count());
    }

    [Fact]
    public async Task A_registry_slower_than_the_timeout_every_time_fails_clearly()
    {
        await using var s = await StartAsync(_ => Fault.Delay(TimeSpan.FromSeconds(30)));

        var run = Pin(s, "--timeout", "1s");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("timed out after 5 attempts (1 s)", run.Error);
        Assert.Equal(s.Original, s.File);
        Assert.Equal(5, s.Proxy.Count());
    }

    [Fact]
    public async Task Always_500_fails_at_once_naming_the_status()
    {
        await using var s = await StartAsync(_ => Fault.Answer(ProxyResponse.Plain(500)));

        var run = Pin(s);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("500", run.Error);
        Assert.Equal(s.Original, s.File);
        Assert.Equal(1, s.Proxy.Count()); // a 500 is an answer, not a hiccup: not retried
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    [InlineData("2h")]
    public void A_bad_timeout_is_a_usage_error(string value)
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3\n");

        var run = CliRun.Invoke(tree.Root, "pin", "--timeout", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--timeout", run.Error);
        Assert.Equal("FROM alpine:3\n", tree.Read("Dockerfile"));
    }

    [Fact]
    public async Task Resolve_prints_no_digest_that_was_not_proven()
    {
        await using var s = await StartAsync(r => r.IsManifest ? Fault.Rewrite(x => x.WithHeader("Docker-Content-Digest", Zeros)) : Fault.None);

        var run = CliRun.Invoke(s.Tree.Root, "resolve", $"{s.Image}:1.0");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains(s.Proxy.Authority, run.Error);
    }

    [Fact]
    public async Task Update_writes_no_digest_that_was_not_proven()
    {
        var lying = false;
        await using var s = await StartAsync(r => lying && r.IsManifest ? Fault.Rewrite(x => x.WithHeader("Docker-Content-Digest", Zeros)) : Fault.None);
        Assert.Equal(0, Pin(s).ExitCode);
        var moved = await Pushers.Open().PushImageAsync(s.Image[(s.Proxy.Authority.Length + 1)..], "1.0", ImageFormat.Oci);
        lying = true;

        var run = CliRun.Invoke(s.Tree.Root, "update");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(s.Pinned, s.File);
        Assert.DoesNotContain(moved.Digest, s.File);
        Assert.Contains(s.Proxy.Authority, run.Error);
    }
}
