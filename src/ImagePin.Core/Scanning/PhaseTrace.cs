using System.Diagnostics;
using System.Globalization;

namespace ImagePin.Scanning;

/// <summary>Phases of a run that <see cref="PhaseTrace"/> times.</summary>
internal enum Phase
{
    /// <summary>Setting up before the scan: options, settings, the command tree (Main → scan start).</summary>
    Setup,
    /// <summary>Walking folders: listing, .gitignore, name checks (the walking thread's time, waits for a full queue included).</summary>
    Walk,
    /// <summary>The walking thread waiting for room in the scan queue (readers and parsers behind).</summary>
    QueueFull,
    /// <summary>Reading files: open, stat, read, close, decoding (summed over threads).</summary>
    Read,
    /// <summary>Parsing files into occurrences (summed over threads).</summary>
    Parse,
    /// <summary>Classifying and judging occurrences (summed over threads).</summary>
    Judge,
    /// <summary>The scan from its start until every file is judged (wall time).</summary>
    Scan,
    /// <summary>Applying one file's edits once its digests are in: re-reading, checking, writing or rendering the diff (summed over threads).</summary>
    Rewrite,
    /// <summary>Asking registries, planning and (pin) writing files: everything between the scan and the report (wall time).</summary>
    Resolve,
    /// <summary>Rendering and writing the report (wall time).</summary>
    Output,
}

/// <summary>
/// Where a run's time goes, printed on standard error at the end when <c>IMAGEPIN_TRACE_PHASES</c> is set (for the
/// benchmarks in bench/). Off by default: then every call is one test of a static read-only field. A value that is a
/// Unix time in seconds with a fraction (bash's <c>$EPOCHREALTIME</c>, taken just before the process starts) also
/// gives the time from exec to <c>Main</c>.
/// </summary>
internal static class PhaseTrace
{
    public const string Variable = "IMAGEPIN_TRACE_PHASES";

    public static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value && value != "0";

    private const int PhaseCount = (int)Phase.Output + 1;
    private static readonly long[] Totals = new long[PhaseCount];
    private static readonly int[] Counts = new int[Totals.Length];
    private static readonly long[] Allocated = new long[Totals.Length];
    private static long _mainStart;
    private static double? _execToMain;

    /// <summary>Marks the start of <c>Main</c>.</summary>
    public static void MainStarted()
    {
        if (!Enabled) return;
        _mainStart = Stopwatch.GetTimestamp();
        var launch = Environment.GetEnvironmentVariable(Variable);
        if (double.TryParse(launch, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 1e9)
            _execToMain = ((DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds - seconds) * 1000;
    }

    /// <summary>Adds the time since <c>Main</c> started to <paramref name="phase"/>.</summary>
    public static void AddSinceMain(Phase phase) => Add(phase, new Mark(_mainStart, 0));

    /// <summary>When a phase started, and what its thread had allocated by then.</summary>
    public readonly record struct Mark(long Ticks, long Bytes);

    /// <summary>A start for <see cref="Add"/>; empty when tracing is off.</summary>
    public static Mark Start() => Enabled ? new(Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread()) : default;

    /// <summary>Adds the time (and this thread's allocations) since <paramref name="start"/> to <paramref name="phase"/> (thread-safe).</summary>
    public static void Add(Phase phase, Mark start)
    {
        if (!Enabled) return;
        Interlocked.Add(ref Totals[(int)phase], Stopwatch.GetTimestamp() - start.Ticks);
        if (start.Bytes > 0) Interlocked.Add(ref Allocated[(int)phase], GC.GetAllocatedBytesForCurrentThread() - start.Bytes);
        Interlocked.Increment(ref Counts[(int)phase]);
    }

    private static long _firstRequest;
    private static long _lastResponse;

    /// <summary>Marks a registry request going on the wire (the first one is kept).</summary>
    public static void RequestSent()
    {
        if (Enabled) Interlocked.CompareExchange(ref _firstRequest, Stopwatch.GetTimestamp(), 0);
    }

    /// <summary>Marks a registry response (the last one is kept).</summary>
    public static void ResponseReceived()
    {
        if (!Enabled) return;
        var now = Stopwatch.GetTimestamp();
        long seen;
        while ((seen = Volatile.Read(ref _lastResponse)) < now && Interlocked.CompareExchange(ref _lastResponse, now, seen) != seen) { }
    }

    /// <summary>Prints the phases on <paramref name="error"/>; does nothing when tracing is off.</summary>
    public static void Report(TextWriter error)
    {
        if (!Enabled) return;
        static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(8);
        var lines = new System.Text.StringBuilder();
        lines.Append("imagepin: phases (ms; read/parse/judge summed over threads)\n");
        if (_execToMain is { } exec) lines.Append($"  exec→Main {Ms(exec)}\n");
        foreach (var phase in Enum.GetValues<Phase>())
        {
            var count = Counts[(int)phase];
            if (count == 0) continue;
            var bytes = Allocated[(int)phase];
            lines.Append($"  {phase.ToString().ToLowerInvariant(),-9} {Ms(Stopwatch.GetElapsedTime(0, Totals[(int)phase]).TotalMilliseconds)}  ({count}×{(bytes > 0 ? $", {bytes / 1048576.0:0.0} MiB allocated on its thread" : "")})\n");
        }
        if (_firstRequest != 0)
        {
            // Where the registry's time sits in the run: before the first request and after the last response is ours.
            lines.Append($"  1st req   {Ms(Stopwatch.GetElapsedTime(_mainStart, _firstRequest).TotalMilliseconds)}  (after Main)\n");
            lines.Append($"  last resp {Ms(Stopwatch.GetElapsedTime(_mainStart, _lastResponse).TotalMilliseconds)}  (after Main)\n");
        }
        lines.Append($"  Main→end  {Ms(Stopwatch.GetElapsedTime(_mainStart).TotalMilliseconds)}\n");
        lines.Append($"  gc pauses {Ms(GC.GetTotalPauseDuration().TotalMilliseconds)}  (gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)})\n");
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index > 0)
            lines.Append($"  last gc   #{info.Index} gen{info.Generation}{(info.Compacted ? " compacting" : "")}, heap after {info.HeapSizeBytes / 1048576.0:0.0} MiB, large-object heap after {info.GenerationInfo[3].SizeAfterBytes / 1048576.0:0.0} MiB, promoted {info.PromotedBytes / 1048576.0:0.0} MiB\n");
        lines.Append($"  allocated {(GC.GetTotalAllocatedBytes() / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture),8} MiB\n");
        lines.Append($"  peak RSS  {PeakResidentKib() / 1024.0,8:0.0} MiB\n");
        error.Write(lines.ToString());
        error.Flush();
    }

    private static long PeakResidentKib()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }
}
