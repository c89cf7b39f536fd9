using System.Runtime;

namespace ImagePin.Cli.Commands;

/// <summary>
/// No garbage collection while a registry-bound command allocates its first <see cref="Budget"/> bytes; ordinary
/// collection after that, or when disposed. Pinning 200 images allocates about 14 MiB; collecting on the way cost 8-14
/// ms of pauses (threads must be scheduled to be suspended, and the registry on the same cores keeps them waiting),
/// more than the ~1,500 extra pages the run touches without them (bench/pin-floor.sh). A larger run goes past the budget
/// early and then collects as usual, so memory stays bounded.
/// </summary>
internal readonly struct CollectionPause : IDisposable
{
    public const long Budget = 24L * 1024 * 1024;

    private readonly bool started;

    private CollectionPause(bool started) => this.started = started;

    public static CollectionPause Start()
    {
        try
        {
            return new CollectionPause(GC.TryStartNoGCRegion(Budget));
        }
        catch (InvalidOperationException)
        {
            return new CollectionPause(false); // already in one (a command run twice in one process, as tests do)
        }
    }

    public void Dispose()
    {
        // Past the budget the runtime has already left the region; ending it then would throw.
        if (!started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { }
    }
}
