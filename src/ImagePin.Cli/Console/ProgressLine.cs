namespace ImagePin.Cli.Console;

/// <summary>
/// A one-line "resolving 12/40 images" counter on stderr, redrawn in place. Only on a terminal, and only once
/// the work has lasted long enough to be worth showing, so short runs and CI logs stay clean.
/// </summary>
internal sealed class ProgressLine(TextWriter error, bool enabled, string label) : IProgress<(int Done, int Total)>, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock gate = new();
    private bool shown;

    public void Report((int Done, int Total) value)
    {
        if (!enabled || clock.Elapsed < Delay) return;
        lock (gate)
        {
            var width = 24;
            var filled = value.Total == 0 ? width : value.Done * width / value.Total;
            error.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {value.Done}/{value.Total}");
            error.Flush();
            shown = true;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (!shown) return;
            error.Write("\r\u001b[2K");
            error.Flush();
        }
    }
}
