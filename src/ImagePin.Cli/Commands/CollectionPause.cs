namespace ImagePin.Cli.Commands;

/// <summary>
/// No garbage collection while a registry-bound command allocates its first <see cref="Budget"/> bytes; ordinary
/// collection after that. Pinning 200 images allocates about 14 MiB; collecting on the way cost 8-14 ms of pauses
/// (threads must be scheduled to be suspended, and the registry on the same cores keeps them waiting), more than the
/// ~1,500 extra pages the run touches without them (bench/pin-floor.sh). A larger run goes past the budget early and
/// then collects as usual, so memory stays bounded. The window is not closed when the command ends: the process ends
/// with it, and closing it would make the next allocation collect. So only the tool's own process pauses collection:
/// a host that runs the commands in-process (the tests) keeps its own. Begun where a run's registry client is made
/// (<see cref="RegistryCommandOptions.TryCreate"/>), so every command that asks registries has it.
/// </summary>
internal static class CollectionPause
{
    public const long Budget = 24L * 1024 * 1024;

    /// <summary>Set by <c>Main</c>: the commands run in imagepin's own process.</summary>
    public static bool OwnProcess { get; set; }

    public static void Begin() => TryBegin(OwnProcess);

    /// <returns>Whether a window was opened (not when <paramref name="pause"/> is false or one is already open).</returns>
    internal static bool TryBegin(bool pause)
    {
        if (!pause) return false;
        try
        {
            return GC.TryStartNoGCRegion(Budget);
        }
        catch (InvalidOperationException)
        {
            return false; // already in one
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // more than the heap may hold (a small container's heap limit): collect as usual
        }
    }
}
