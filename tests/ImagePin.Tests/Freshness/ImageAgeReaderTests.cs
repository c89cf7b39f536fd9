using ImagePin.Freshness;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Tests.Registry.Support;
using static ImagePin.Tests.Freshness.Support.FreshnessRun;

namespace ImagePin.Tests.Freshness;

public sealed class ImageAgeReaderTests
{
    [Fact]
    public async Task Index_is_as_new_as_its_newest_platform_image_and_attestations_do_not_count()
    {
        using var run = new FreshnessRun("age-index");
        var older = DaysAgo(10);
        var newer = DaysAgo(2);
        var amd64 = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/amd64", older);
        var arm64 = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/arm64", newer);
        var attestation = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "unknown/unknown", DaysAgo(0.5));
        var index = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [amd64, arm64, attestation]);
        var reader = new ImageAgeReader(run.Content);

        var whole = await reader.ReadAsync(run.Registry, run.Repository, index.Digest, null, Ct);
        var amd64Only = await reader.ReadAsync(run.Registry, run.Repository, index.Digest, [P("linux/amd64")], Ct);

        Assert.Equal(new ImageCreated(newer, CreatedSource.ConfigCreated), whole);
        Assert.Equal(new ImageCreated(older, CreatedSource.ConfigCreated), amd64Only);
    }

    [Fact]
    public async Task Index_without_an_annotation_takes_its_platform_images_annotation()
    {
        using var run = new FreshnessRun("age-child-annotation");
        var image = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/amd64", DaysAgo(30));
        var annotated = await run.Pusher.PushAnnotatedAsync(run.Repository, "single", image, DaysAgo(3));
        var index = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [annotated]);

        var created = await new ImageAgeReader(run.Content).ReadAsync(run.Registry, run.Repository, index.Digest, null, Ct);

        Assert.Equal(CreatedSource.OciAnnotation, created.Source);
        Assert.InRange(created.Created!.Value, DaysAgo(3) - TimeSpan.FromMinutes(1), DaysAgo(3) + TimeSpan.FromMinutes(1));
    }
}
