using ImagePin.Verification;
using ImagePin.Updating;
using ImagePin.Resolution;
using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Tests.Registry.Support;
using static ImagePin.Tests.Freshness.Support.FreshnessRun;

namespace ImagePin.Tests.Resolution;

public sealed class RunCachingTests
{
    [Fact]
    public async Task Run_over_several_pins_of_one_image_reads_each_manifest_and_config_once()
    {
        var registry = TestRegistries.Open;
        var repository = TestRegistries.UniqueRepository("run-cache");
        var pusher = Pushers.Open();
        var old = await pusher.PushIndexOfAsync(repository, "v1", await pusher.PushImagesAsync(repository, DaysAgo(10), "linux/amd64", "linux/arm64"));
        await pusher.PushIndexOfAsync(repository, "v1", await pusher.PushImagesAsync(repository, DaysAgo(5), "linux/amd64", "linux/arm64"));
        var recorder = new RecordingHandler();
        using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 1 }, StaticCredentials.None, recorder);
        using var content = new RegistryContent(client);
        var planner = new UpdatePlanner(content, minAge: TimeSpan.FromDays(3));
        var inspector = new PinInspector(content);
        string[] pins = [old.Digest, old.Child("linux/amd64").Digest, old.Child("linux/arm64").Digest];

        var decisions = await Task.WhenAll(pins.Select(pin =>
            planner.DecideAsync(new ImageKey(registry, repository, "v1", pin), Ct)));
        var inspections = await Task.WhenAll(pins.Select(pin => inspector.InspectAsync(new ImageKey(registry, repository, "v1", pin), Ct)));

        Assert.All(decisions, d => Assert.IsType<UpdateDecision.Update>(d));
        Assert.All(inspections, i => Assert.Equal(PinStatus.Behind, i.Status));
        var repeated = recorder.Requests.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.False(repeated.Any(), "requests sent:\n" + string.Join("\n", recorder.Requests));
    }
}
