namespace ImagePin.Resolution;

/// <summary>Awaits registry work and reports how much of it is done, for the progress line on a terminal.</summary>
internal static class ProgressTracking
{
    public static Task WhenAll<T>(IReadOnlyCollection<Task<T>> tasks, IProgress<(int Done, int Total)>? progress)
    {
        if (progress is null) return Task.WhenAll(tasks);
        var done = 0;
        progress.Report((0, tasks.Count));
        return Task.WhenAll(tasks.Select(t => t.ContinueWith(
            _ => progress.Report((Interlocked.Increment(ref done), tasks.Count)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)))
            .ContinueWith(_ => Task.WhenAll(tasks), TaskScheduler.Default).Unwrap();
    }
}
