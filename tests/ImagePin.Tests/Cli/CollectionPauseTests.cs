using System.Runtime;
using ImagePin.Cli.Commands;

namespace ImagePin.Tests.Cli;

/// <summary>The no-collection window of registry-bound commands always ends: at its budget, when disposed, or not at all.</summary>
[Collection(nameof(CollectionPauseTests))] // the window is process-wide: these tests must not overlap each other
public sealed class CollectionPauseTests
{
    [Fact]
    public void Disposing_the_pause_restores_ordinary_collection()
    {
        using (CollectionPause.Start())
        {
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Allocating_past_the_budget_ends_the_window_and_disposing_afterwards_is_safe()
    {
        var pause = CollectionPause.Start();
        var kept = new List<byte[]>();
        for (long allocated = 0; allocated <= 2 * CollectionPause.Budget; allocated += 1 << 20) kept.Add(new byte[1 << 20]);

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        pause.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void A_second_pause_inside_the_first_does_nothing_and_both_can_be_disposed()
    {
        using (var outer = CollectionPause.Start())
        {
            using (CollectionPause.Start())
            {
            }
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
