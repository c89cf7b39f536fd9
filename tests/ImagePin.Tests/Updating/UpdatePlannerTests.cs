using ImagePin.Updating;
using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Tests.Registry.Support;
using static ImagePin.Tests.Freshness.Support.FreshnessRun;

namespace ImagePin.Tests.Updating;

/// <summary>The decisions behind <c>imagepin update</c>, against a real registry.</summary>
public sealed class UpdatePlannerTests
{
    [Fact]
    public async Task Pin_whose_tag_has_not_moved_is_up_to_date()
    {
        using var run = new FreshnessRun("update-same");
        var index = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Oci, "linux/amd64", "linux/arm64");

        var decision = await run.DecideAsync("v1", index.Digest);

        Assert.IsType<UpdateDecision.UpToDate>(decision);
    }

    [Fact]
    public async Task Index_pin_whose_tag_moved_is_updated_to_the_new_index_with_both_created_times()
    {
        using var run = new FreshnessRun("update-index");
        var oldCreated = DaysAgo(30);
        var newCreated = DaysAgo(5);
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, oldCreated, "linux/amd64", "linux/arm64"));
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, newCreated, "linux/amd64", "linux/arm64"));

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Equal(await run.SkopeoDigestAsync("v1"), update.NewDigest);
        Assert.Equal(new ImageCreated(oldCreated, CreatedSource.ConfigCreated), update.OldCreated);
        Assert.Equal(new ImageCreated(newCreated, CreatedSource.ConfigCreated), update.NewCreated);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], update.ChangedPlatforms.Select(c => c.ToString()));
        Assert.All(update.ChangedPlatforms, c => Assert.Equal(PlatformChangeKind.Changed, c.Kind));
        Assert.Null(update.Note);
        Assert.StartsWith($"{old.Digest} → {now.Digest}; created {update.OldCreated} → {update.NewCreated}", update.Describe(old.Digest));
        Assert.EndsWith("platforms changed: linux/amd64, linux/arm64/v8", update.Describe(old.Digest));
    }

    [Fact]
    public async Task Index_pin_whose_old_platform_images_were_deleted_is_still_updated()
    {
        using var run = new FreshnessRun("update-old-children-gone");
        var oldChildren = await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(30), "linux/amd64");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", oldChildren);
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(5), "linux/amd64"));
        await run.Pusher.DeleteManifestAsync(run.Repository, oldChildren[0].Digest);

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Equal(ImageCreated.Unknown, update.OldCreated);
    }

    [Fact]
    public async Task Docker_manifest_list_platform_pin_whose_tag_moved_is_updated_to_the_same_platform()
    {
        using var run = new FreshnessRun("update-docker-list");
        var old = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Docker, "linux/amd64", "linux/arm/v7", "linux/arm/v6");
        var now = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Docker, "linux/arm/v6", "linux/arm/v7", "linux/amd64");

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Child("linux/arm/v7").Digest));

        Assert.Equal(now.Child("linux/arm/v7").Digest, update.NewDigest);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{run.Registry}/{run.Repository}@{update.NewDigest}"), update.NewDigest);
    }

    [Fact]
    public async Task Single_image_pin_whose_tag_moved_is_updated_to_the_new_image()
    {
        using var run = new FreshnessRun("update-single");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Docker);
        var now = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Docker);

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Empty(update.ChangedPlatforms);
    }

    [Fact]
    public async Task Added_platform_with_the_built_platforms_unchanged_is_skipped_and_names_the_added_one()
    {
        using var run = new FreshnessRun("update-added");
        var children = await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(3), "linux/amd64", "linux/arm64");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", children);
        var riscv = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/riscv64");
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [.. children, riscv]);

        var decision = await run.DecideAsync("v1", old.Digest, null, "linux/amd64", "linux/arm64");

        var skipped = Assert.IsType<UpdateDecision.SkippedUnchangedPlatforms>(decision);
        Assert.Equal([P("linux/amd64"), P("linux/arm64")], skipped.Platforms);
        Assert.Equal(now.Digest, skipped.CurrentDigest);
        Assert.Equal([new PlatformChange(P("linux/riscv64"), PlatformChangeKind.Added)], skipped.OtherChangedPlatforms);
        Assert.Contains("only linux/riscv64 (added) changed", skipped.Describe(old.Digest));
    }

    [Fact]
    public async Task Added_platform_without_a_platforms_filter_is_an_update()
    {
        using var run = new FreshnessRun("update-added-all");
        var children = await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(3), "linux/amd64", "linux/arm64");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", children);
        var riscv = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/riscv64");
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [.. children, riscv]);

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Equal([new PlatformChange(P("linux/riscv64"), PlatformChangeKind.Added)], update.ChangedPlatforms);
    }

    [Fact]
    public async Task Change_to_one_built_platform_is_an_update_naming_only_that_platform()
    {
        using var run = new FreshnessRun("update-one-changed");
        var children = await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(3), "linux/amd64", "linux/arm64", "linux/s390x");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", children);
        var newArm = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/arm64");
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [children[0], newArm, children[2]]);

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest, null, "linux/amd64", "linux/arm64"));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Equal([new PlatformChange(P("linux/arm64"), PlatformChangeKind.Changed)], update.ChangedPlatforms);
    }

    [Fact]
    public async Task Built_platform_removed_from_the_new_index_is_reported_as_gone()
    {
        using var run = new FreshnessRun("update-index-gone");
        var children = await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(3), "linux/amd64", "linux/ppc64le");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", children);
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [children[0]]);

        var gone = Assert.IsType<UpdateDecision.PlatformGone>(await run.DecideAsync("v1", old.Digest, null, "linux/amd64", "linux/ppc64le"));

        Assert.Equal(P("linux/ppc64le"), gone.Platform);
        Assert.Equal(now.Digest, gone.CurrentDigest);
    }

    [Theory]
    [InlineData("linux/arm/v7")]
    [InlineData("linux/arm/v6")]
    [InlineData("linux/arm64/v8")]
    [InlineData("linux/amd64")]
    public async Task Platform_pin_moves_to_the_same_platforms_manifest_in_the_new_index(string platform)
    {
        using var run = new FreshnessRun("update-platform");
        string[] platforms = ["linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8"];
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(9), platforms));
        // The new index lists the platforms in another order, so a match by position would pick the wrong one.
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(4), [.. platforms.Reverse()]));

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Child(platform).Digest));

        Assert.Equal(now.Child(platform).Digest, update.NewDigest);
        Assert.Equal([new PlatformChange(P(platform), PlatformChangeKind.Changed)], update.ChangedPlatforms);
        Assert.Equal(CreatedSource.ConfigCreated, update.CreatedSource);
    }

    [Fact]
    public async Task Platform_pin_whose_platform_left_the_index_is_reported_as_gone()
    {
        using var run = new FreshnessRun("update-platform-gone");
        var old = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Oci, "linux/amd64", "linux/arm/v7");
        var now = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Oci, "linux/amd64", "linux/arm/v6");

        var gone = Assert.IsType<UpdateDecision.PlatformGone>(await run.DecideAsync("v1", old.Child("linux/arm/v7").Digest));

        Assert.Equal(P("linux/arm/v7"), gone.Platform);
        Assert.Equal(now.Digest, gone.CurrentDigest);
    }

    [Fact]
    public async Task Platform_pin_is_up_to_date_when_only_other_platforms_moved()
    {
        using var run = new FreshnessRun("update-platform-same");
        var children = await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(3), "linux/amd64", "linux/arm64");
        await run.Pusher.PushIndexOfAsync(run.Repository, "v1", children);
        var newArm = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/arm64");
        await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [children[0], newArm]);

        var decision = await run.DecideAsync("v1", children[0].Digest);

        Assert.IsType<UpdateDecision.UpToDate>(decision);
    }

    [Fact]
    public async Task Min_age_holds_an_update_younger_than_the_limit_and_says_why()
    {
        using var run = new FreshnessRun("update-min-age-young");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        var young = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(1));

        var held = Assert.IsType<UpdateDecision.Held>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));

        Assert.Equal(young.Digest, held.CandidateDigest);
        Assert.Equal(CreatedSource.ConfigCreated, held.CandidateCreated.Source);
        Assert.Contains("min-age 3d", held.Reason);
        Assert.Contains("config created", held.Reason);
    }

    [Fact]
    public async Task Min_age_holds_an_update_created_in_the_future_and_says_so()
    {
        using var run = new FreshnessRun("update-min-age-future");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(-2));

        var held = Assert.IsType<UpdateDecision.Held>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));

        Assert.Contains("in the future", held.Reason);
    }

    [Fact]
    public async Task Min_age_adopts_an_update_old_enough()
    {
        using var run = new FreshnessRun("update-min-age-old");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        var settled = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(4));

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));

        Assert.Equal(settled.Digest, update.NewDigest);
    }

    [Fact]
    public async Task Min_age_of_an_index_counts_only_the_built_platforms()
    {
        using var run = new FreshnessRun("update-min-age-platforms");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(30), "linux/amd64", "linux/arm64"));
        var amd64 = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/amd64", DaysAgo(10));
        var arm64 = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, "linux/arm64", DaysAgo(1));
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", [amd64, arm64]);

        var forAmd64 = await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3), "linux/amd64");
        var forBoth = await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3));

        Assert.Equal(now.Digest, Assert.IsType<UpdateDecision.Update>(forAmd64).NewDigest);
        Assert.IsType<UpdateDecision.Held>(forBoth);
    }

    [Fact]
    public async Task Oci_annotation_on_a_manifest_wins_over_its_config_created_and_the_source_says_so()
    {
        using var run = new FreshnessRun("update-annotation");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(60));
        var oldConfig = await run.Pusher.PushImageAsync(run.Repository, null, ImageFormat.Oci, created: DaysAgo(30));
        var annotatedCreated = DaysAgo(1);
        var annotated = await run.Pusher.PushAnnotatedAsync(run.Repository, "v1", oldConfig, annotatedCreated);

        var held = Assert.IsType<UpdateDecision.Held>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));
        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest));

        Assert.Equal(annotated.Digest, held.CandidateDigest);
        Assert.Equal(CreatedSource.OciAnnotation, held.CandidateCreated.Source);
        Assert.Contains("org.opencontainers.image.created annotation", held.Reason);
        Assert.Equal(CreatedSource.OciAnnotation, update.CreatedSource);
        Assert.Equal(annotatedCreated.ToUnixTimeSeconds(), update.NewCreated.Created!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Oci_annotation_on_an_index_wins_over_its_childrens_config_created()
    {
        using var run = new FreshnessRun("update-index-annotation");
        var old = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(60), "linux/amd64"));
        var annotatedCreated = DaysAgo(10);
        var now = await run.Pusher.PushIndexOfAsync(run.Repository, "v1", await run.Pusher.PushImagesAsync(run.Repository, DaysAgo(1), "linux/amd64"),
            annotatedCreated: annotatedCreated);

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Equal(CreatedSource.OciAnnotation, update.CreatedSource);
        Assert.Equal(CreatedSource.ConfigCreated, update.OldCreated.Source);
    }

    [Fact]
    public async Task Min_age_holds_an_update_without_any_created_time_and_says_why()
    {
        using var run = new FreshnessRun("update-undated");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        var undated = await run.Pusher.PushUndatedImageAsync(run.Repository, "v1");

        var held = Assert.IsType<UpdateDecision.Held>(await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3)));
        var withoutCoolDown = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest));

        Assert.Equal(undated.Digest, held.CandidateDigest);
        Assert.Equal(ImageCreated.Unknown, held.CandidateCreated);
        Assert.Contains("has no usable created time", held.Reason);
        Assert.Equal(CreatedSource.None, withoutCoolDown.CreatedSource);
    }

    [Fact]
    public async Task Pin_whose_manifest_was_deleted_is_updated_to_the_tag_with_a_note()
    {
        using var run = new FreshnessRun("update-missing");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci);
        var now = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci);
        await run.Pusher.DeleteManifestAsync(run.Repository, old.Digest);

        var update = Assert.IsType<UpdateDecision.Update>(await run.DecideAsync("v1", old.Digest));

        Assert.Equal(now.Digest, update.NewDigest);
        Assert.Equal(ImageCreated.Unknown, update.OldCreated);
        Assert.Contains("no longer in the registry", update.Note);
    }

    [Fact]
    public async Task Unknown_repository_fails_with_a_located_message()
    {
        using var run = new FreshnessRun("update-unknown");

        var failed = Assert.IsType<UpdateDecision.Failed>(await run.DecideAsync("v1", "sha256:" + new string('a', 64)));

        Assert.Contains($"{run.Registry}/{run.Repository}:v1", failed.Error);
    }

    [Fact]
    public async Task Deciding_and_inspecting_again_in_the_same_run_sends_no_more_requests()
    {
        using var run = new FreshnessRun("update-cache");
        var old = await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Oci, "linux/amd64", "linux/arm64");
        await run.Pusher.PushIndexAsync(run.Repository, "v1", ImageFormat.Oci, "linux/amd64", "linux/arm64");
        await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3));
        await run.InspectAsync("v1", old.Digest);
        var before = run.Client.RequestCount;

        var again = await run.DecideAsync("v1", old.Digest, TimeSpan.FromDays(3), "linux/amd64");
        await run.InspectAsync("v1", old.Digest);

        Assert.IsType<UpdateDecision.Held>(again);
        Assert.Equal(before, run.Client.RequestCount);
    }
}
