using System.Runtime;
using ImagePin.Cli.Commands;

namespace ImagePin.Tests.Cli;

/// <summary>The no-collection window of registry-bound commands ends at its budget, and only imagepin's own process opens it.</summary>
[Collection(nameof(CollectionPauseTests))] // the window is process-wide: these tests must not overlap each other
public sealed class CollectionPauseTests
{
    [Fact]
    public void Allocating_past_the_budget_ends_the_window()
    {
        var opened = CollectionPause.TryBegin(pause: true);
        try
        {
            Assert.True(opened);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var kept = new List<byte[]>();
            for (long allocated = 0; allocated <= 2 * CollectionPause.Budget; allocated += 1 << 20) kept.Add(new byte[1 << 20]);

            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            GC.KeepAlive(kept);
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    [Fact]
    public void A_second_window_inside_the_first_is_not_opened()
    {
        var opened = CollectionPause.TryBegin(pause: true);
        try
        {
            Assert.False(CollectionPause.TryBegin(pause: true));
        }
        finally
        {
            if (opened && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    [Fact]
    public void Commands_run_in_another_process_leave_its_collection_alone()
    {
        Assert.False(CollectionPause.OwnProcess); // only imagepin's Main sets it, not the test host
        CollectionPause.Begin();

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
