namespace ImagePin.Sources.Yaml;

/// <summary>
/// YamlDotNet can loop forever inside a single parser step on some input with a directive line (<c>%…</c>) after
/// document content (found by fuzzing the settings file; no smaller reproduction yet). A step cannot be interrupted, so
/// text with a line starting with <c>%</c> (directives are rare in the files imagepin reads) is parsed on a thread of its
/// own with a time budget; past it the caller reports the file and the thread is left to end with the process. Other
/// text is parsed inline, at no cost.
/// </summary>
internal static class YamlParseBudget
{
    /// <summary>Generous for a real file (parsing 4 MiB takes well under a second), short enough to report a stuck one.</summary>
    public static TimeSpan For(string text) => TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(text.Length / 200_000.0);

    public static bool MayStall(string text) => text.StartsWith('%') || text.Contains("\n%", StringComparison.Ordinal);

    /// <returns>False when <paramref name="parse"/> did not finish within the budget.</returns>
    public static bool TryRun<T>(string text, Func<T> parse, out T result)
    {
        if (!MayStall(text))
        {
            result = parse();
            return true;
        }
        var task = Task.Factory.StartNew(parse, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try { finished = task.Wait(For(text)); }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            // The parse's own exception, as if it had run inline.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
        if (finished)
        {
            result = task.Result;
            return true;
        }
        result = default!;
        return false;
    }
}
