using System.Runtime.InteropServices;

namespace ImagePin.Cli;

/// <summary>
/// The first SIGINT or SIGTERM cancels the run (so it can stop cleanly, files being written atomically) and is
/// remembered for the exit code; a second one ends the process at once, as the default would.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received = -1;

    public StopSignals()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser()) return;
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM])
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The first stop signal received, if any.</summary>
    public PosixSignal? Signal => Volatile.Read(ref _received) is var s and >= 0 ? (PosixSignal)(s - 1000) : null;

    private void OnSignal(PosixSignalContext context)
    {
        // PosixSignal values are negative; keep them apart from the "none" marker.
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal + 1000, -1) != -1) return;
        context.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
