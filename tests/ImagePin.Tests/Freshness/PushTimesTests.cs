using System.Net;
using System.Text;
using ImagePin.Freshness;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Freshness.Support;
using ImagePin.Updating;
using ImagePin.Tests.Registry.Support;
using static ImagePin.Tests.Freshness.Support.FreshnessRun;

namespace ImagePin.Tests.Freshness;

/// <summary>
/// The cool-down by push time: Docker Hub's tag API (faked here: Hub cannot run locally, so only its answers are
/// injected) and the planner preferring a push time to a created time (against the real test registry).
/// </summary>
public sealed class PushTimesTests
{
    private sealed class HubFake(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            lock (Requests) Requests.Add(request.RequestUri!);
            return Task.FromResult(answer(request));
        }
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static DockerHubPushTimes Hub(HubFake fake) => new(new HttpMessageInvoker(fake), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Docker_Hub_tag_push_time_is_read_from_the_tag_api()
    {
        var fake = new HubFake(_ => Json("""{"name":"3.12-slim","tag_last_pushed":"2026-11-30T08:15:00.123456Z","digest":"sha256:x"}"""));

        var pushed = await Hub(fake).TagPushedAsync("docker.io", "library/python", "3.12-slim", Ct);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 15, 0, 123, TimeSpan.Zero).AddTicks(4560), pushed);
        Assert.Equal("https://hub.docker.com/v2/namespaces/library/repositories/python/tags/3.12-slim", Assert.Single(fake.Requests).ToString());
    }

    [Fact]
    public async Task Other_registries_are_not_asked()
    {
        var fake = new HubFake(_ => Json("""{"tag_last_pushed":"2026-11-30T08:15:00Z"}"""));

        Assert.Null(await Hub(fake).TagPushedAsync("ghcr.io", "library/python", "3", Ct));
        Assert.Null(await Hub(fake).TagPushedAsync("127.0.0.1:5000", "a/b", "3", Ct));
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData("""{"name":"3"}""")]
    [InlineData("""{"tag_last_pushed":"1970-01-01T00:00:00Z"}""")]
    [InlineData("""{"tag_last_pushed":"yesterday"}""")]
    [InlineData("""{"tag_last_pushed":12}""")]
    [InlineData("""[1,2]""")]
    public async Task Answer_without_a_usable_push_time_is_unknown(string body)
    {
        var fake = new HubFake(_ => Json(body));

        Assert.Null(await Hub(fake).TagPushedAsync("docker.io", "library/python", "3", Ct));
    }

    [Fact]
    public async Task Garbage_or_oversized_answer_is_unknown_and_hub_is_not_asked_again()
    {
        var fake = new HubFake(_ => Json("{" + new string(' ', 300_000)));
        var hub = Hub(fake);

        Assert.Null(await hub.TagPushedAsync("docker.io", "library/python", "3", Ct));
        Assert.Null(await hub.TagPushedAsync("docker.io", "library/node", "22", Ct));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Unreachable_hub_is_unknown_and_asked_once_per_run()
    {
        var fake = new HubFake(_ => throw new HttpRequestException("connection refused"));
        var hub = Hub(fake);

        Assert.Null(await hub.TagPushedAsync("docker.io", "library/python", "3", Ct));
        Assert.Null(await hub.TagPushedAsync("docker.io", "library/python", "3.12", Ct));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Missing_tag_answer_is_unknown_without_giving_up_on_hub()
    {
        var fake = new HubFake(r => r.RequestUri!.AbsolutePath.EndsWith("/gone") ? Json("{}", HttpStatusCode.NotFound) : Json("""{"tag_last_pushed":"2026-11-30T08:15:00Z"}"""));
        var hub = Hub(fake);

        Assert.Null(await hub.TagPushedAsync("docker.io", "library/python", "gone", Ct));
        Assert.NotNull(await hub.TagPushedAsync("docker.io", "library/python", "3", Ct));
    }

    private sealed class FixedPushTimes(DateTimeOffset pushed) : IPushTimes
    {
        public Task<DateTimeOffset?> TagPushedAsync(string registry, string repository, string tag, CancellationToken ct) => Task.FromResult<DateTimeOffset?>(pushed);
    }

    private static Task<UpdateDecision> DecideAsync(FreshnessRun run, string pinned, IPushTimes pushTimes) =>
        new UpdatePlanner(run.Content, minAge: TimeSpan.FromDays(3), pushTimes: pushTimes)
            .DecideAsync(new ImagePin.Resolution.ImageKey(run.Registry, run.Repository, "v1", pinned), Ct);

    [Fact]
    public async Task Backdated_image_pushed_an_hour_ago_is_held_by_its_push_time()
    {
        using var run = new FreshnessRun("push-time-backdated");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        var backdated = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(10));

        var held = Assert.IsType<UpdateDecision.Held>(await DecideAsync(run, old.Digest, new FixedPushTimes(DateTimeOffset.UtcNow.AddHours(-1))));

        Assert.Equal(backdated.Digest, held.CandidateDigest);
        Assert.Equal(CreatedSource.TagPushed, held.CandidateCreated.Source);
        Assert.Contains("pushed to the registry", held.Reason);
    }

    [Fact]
    public async Task Image_pushed_long_enough_ago_is_adopted_and_reports_its_created_time()
    {
        using var run = new FreshnessRun("push-time-settled");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        var settled = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(5));

        var update = Assert.IsType<UpdateDecision.Update>(await DecideAsync(run, old.Digest, new FixedPushTimes(DaysAgo(4))));

        Assert.Equal(settled.Digest, update.NewDigest);
        Assert.Equal(CreatedSource.ConfigCreated, update.NewCreated.Source);
    }

    [Fact]
    public async Task Rollback_is_still_held_when_the_tag_was_pushed_long_ago()
    {
        using var run = new FreshnessRun("push-time-rollback");
        var old = await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(20));
        await run.Pusher.PushImageAsync(run.Repository, "v1", ImageFormat.Oci, created: DaysAgo(40));

        var held = Assert.IsType<UpdateDecision.Held>(await DecideAsync(run, old.Digest, new FixedPushTimes(DaysAgo(10))));

        Assert.Contains("rollback", held.Reason);
    }
}
