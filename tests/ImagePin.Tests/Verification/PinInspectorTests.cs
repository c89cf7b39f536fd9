using ImagePin.Verification;
using ImagePin.Resolution;
using ImagePin.Freshness;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Tests.Registry.Support;
using static ImagePin.Tests.Freshness.Support.FreshnessRun;

namespace ImagePin.Tests.Verification;

/// <summary>The checks behind <c>imagepin verify</c>, against a real registry.</summary>
public sealed class PinInspectorTests
{
    [Fact]
    public async Task Pin_whose_tag_still_points_at_it_is_current()
    {
        using var run = new FreshnessRun("verify-current");
        var index = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Oci, "linux/amd64", "linux/arm64");

        var inspection = await run.InspectAsync("v1", index.Digest);

        Assert.Equal(PinStatus.Current, inspection.Status);
        Assert.Equal(index.Digest, inspection.CurrentDigest);
    }

    [Fact]
    public async Task Pin_whose_tag_moved_to_new_content_is_behind_with_the_age_of_both_images()
    {
        using var run = new FreshnessRun("verify-behind");
        var pinnedCreated = DaysAgo(40);
        var currentCreated = pinnedCreated.AddDays(30);
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: pinnedCreated);
        var now = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: currentCreated);

        var inspection = await run.InspectAsync("v1", old.Digest);

        Assert.Equal(PinStatus.Behind, inspection.Status);
        Assert.Equal(now.Digest, inspection.CurrentDigest);
        Assert.Equal(await run.SkopeoDigestAsync("v1"), inspection.CurrentDigest);
        Assert.Null(inspection.PinnedPlatform);
        Assert.Equal(new ImageCreated(pinnedCreated, CreatedSource.ConfigCreated), inspection.PinnedCreated);
        Assert.Equal(TimeSpan.FromDays(30), inspection.CurrentNewerBy);
        Assert.InRange(inspection.PinnedAge(DateTimeOffset.UtcNow)!.Value, TimeSpan.FromDays(40), TimeSpan.FromDays(40.1));
        Assert.Contains("30d newer", inspection.Describe(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Pin_of_one_platforms_manifest_in_the_tags_index_is_a_platform_pin()
    {
        using var run = new FreshnessRun("verify-platform");
        var index = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Docker, "linux/amd64", "linux/arm/v7");

        var inspection = await run.InspectAsync("v1", index.Child("linux/arm/v7").Digest);

        Assert.Equal(PinStatus.PlatformPin, inspection.Status);
        Assert.Equal(P("linux/arm/v7"), inspection.PinnedPlatform);
        Assert.Equal(index.Digest, inspection.CurrentDigest);
        Assert.Equal(await run.SkopeoDigestAsync("v1"), inspection.CurrentDigest);
    }

    [Fact]
    public async Task Platform_pin_whose_tag_moved_is_behind_and_compared_with_the_same_platform_now()
    {
        using var run = new FreshnessRun("verify-platform-behind");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1",
            await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(20), "linux/arm/v6", "linux/arm/v7"));
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1",
            await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(2), "linux/arm/v6", "linux/arm/v7"));

        var inspection = await run.InspectAsync("v1", old.Child("linux/arm/v6").Digest);

        Assert.Equal(PinStatus.Behind, inspection.Status);
        Assert.Equal(P("linux/arm/v6"), inspection.PinnedPlatform);
        Assert.Equal(now.Digest, inspection.CurrentDigest);
        Assert.Equal(now.Child("linux/arm/v6").Digest, inspection.CurrentPlatformDigest);
        Assert.InRange(inspection.CurrentNewerBy!.Value, TimeSpan.FromDays(18) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(18) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Pin_whose_manifest_was_deleted_is_missing_and_says_to_run_update()
    {
        using var run = new FreshnessRun("verify-missing");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci);
        await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci);
        await run.Pusher.DeleteManifestAsync(run.Repository, old.Digest);

        var inspection = await run.InspectAsync("v1", old.Digest);

        Assert.Equal(PinStatus.Missing, inspection.Status);
        Assert.Contains("digest no longer in registry", inspection.Describe(DateTimeOffset.UtcNow));
        Assert.Contains("imagepin update", inspection.Describe(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Digest_only_pin_is_present_until_its_manifest_is_deleted()
    {
        using var run = new FreshnessRun("verify-digest-only");
        var image = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci);

        var before = await run.InspectAsync(null, image.Digest);
        await run.Pusher.DeleteManifestAsync(run.Repository, image.Digest);
        // A new run: within one run the answer is cached.
        var after = await new PinInspector(new RegistryContent(run.Client)).InspectAsync(new ImageKey(run.Registry, run.Repository, null, image.Digest), Ct);

        Assert.Equal(PinStatus.Present, before.Status);
        Assert.Equal(PinStatus.Missing, after.Status);
    }

    [Fact]
    public async Task Pin_whose_tag_does_not_exist_but_whose_digest_does_is_tag_missing_not_a_registry_failure()
    {
        using var run = new FreshnessRun("verify-no-tag");
        var image = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci);

        var inspection = await run.InspectAsync("v2", image.Digest);

        Assert.Equal(PinStatus.TagMissing, inspection.Status);
        Assert.Null(inspection.Error);
        Assert.Contains("cannot follow it", inspection.Describe(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Behind_pin_older_than_max_age_is_flagged_and_a_younger_one_is_not()
    {
        using var run = new FreshnessRun("verify-max-age");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(45));
        var middle = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(10));
        await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(1));

        var tooOld = await run.InspectAsync("v1", old.Digest);
        var recent = await run.InspectAsync("v1", middle.Digest);

        Assert.True(MaxAgePolicy.IsExceeded(tooOld, TimeSpan.FromDays(30), DateTimeOffset.UtcNow));
        Assert.False(MaxAgePolicy.IsExceeded(recent, TimeSpan.FromDays(30), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Current_pin_is_never_too_old_however_old_its_image()
    {
        using var run = new FreshnessRun("verify-max-age-current");
        var image = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(400));

        var inspection = await run.InspectAsync("v1", image.Digest);

        Assert.Equal(PinStatus.Current, inspection.Status);
        Assert.False(MaxAgePolicy.IsExceeded(inspection, TimeSpan.FromDays(30), DateTimeOffset.UtcNow));
    }
}
