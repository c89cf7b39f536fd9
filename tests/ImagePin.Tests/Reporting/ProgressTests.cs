using ImagePin.Resolution;
using ImagePin.Cli.Console;
using ImagePin.Reporting;

namespace ImagePin.Tests.Reporting;

public class ProgressTests
{
    private sealed class Recorder : IProgress<(int Done, int Total)>
    {
        public List<(int, int)> Seen { get; } = [];
        public void Report((int Done, int Total) value) { lock (Seen) Seen.Add(value); }
    }

    [Fact]
    public async Task Tracking_reports_start_and_each_completion_and_passes_results_through()
    {
        var recorder = new Recorder();
        var sources = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>()).ToList();
        var all = ProgressTracking.WhenAll(sources.Select(s => s.Task).ToList(), recorder);
        foreach (var s in sources) s.SetResult(1);
        await all;
        Assert.Equal([(0, 3), (1, 3), (2, 3), (3, 3)], recorder.Seen.Order());
    }

    [Fact]
    public async Task Tracking_surfaces_a_failure()
    {
        var failing = Task.FromException<int>(new InvalidOperationException("boom"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ProgressTracking.WhenAll([failing], new Recorder()));
    }

    [Fact]
    public void Progress_line_writes_nothing_off_a_terminal_or_for_short_work()
    {
        var off = new StringWriter();
        using (var line = new ProgressLine(off, enabled: false, "resolving")) { Thread.Sleep(450); line.Report((1, 2)); }
        var quick = new StringWriter();
        using (var line = new ProgressLine(quick, enabled: true, "resolving")) line.Report((1, 2));
        Assert.Equal("", off.ToString());
        Assert.Equal("", quick.ToString());
    }

    [Fact]
    public void Progress_line_draws_after_a_delay_on_a_terminal_and_clears_itself()
    {
        var error = new StringWriter();
        using (var line = new ProgressLine(error, enabled: true, "resolving")) { Thread.Sleep(450); line.Report((6, 24)); }
        Assert.Contains("resolving [######..................] 6/24", error.ToString());
        Assert.EndsWith("\r\u001b[2K", error.ToString());
    }
}
