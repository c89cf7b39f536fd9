using ImagePin.Verification;
using ImagePin.Updating;
using ImagePin.Resolution;
using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Freshness.Support;

/// <summary>One run's registry client and cache against the open test registry, plus a fresh repository.</summary>
internal sealed class FreshnessRun : IDisposable
{
    public FreshnessRun(string repositoryPrefix)
    {
        Registry = TestRegistries.Open;
        Repository = TestRegistries.UniqueRepository(repositoryPrefix);
        Client = new RegistryClient(new RegistryOptions { RequestTimeout = TimeSpan.FromSeconds(20), MaxAttempts = 2 }, StaticCredentials.None);
        Content = new RegistryContent(Client);
    }

    public string Registry { get; }
    public string Repository { get; }
    public RegistryClient Client { get; }
    public RegistryContent Content { get; }
    public RegistryPusher Pusher { get; } = Pushers.Open();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Platform P(string text) => Platform.TryParse(text, out var p, out var error) ? p! : throw new ArgumentException(error);

    public static DateTimeOffset DaysAgo(double days) => DateTimeOffset.UtcNow - TimeSpan.FromDays(days);

    public Task<PinInspection> InspectAsync(string? tag, string pinned) =>
        new PinInspector(Content).InspectAsync(new ImageKey(Registry, Repository, tag, pinned), Ct);

    public Task<UpdateDecision> DecideAsync(string tag, string pinned, TimeSpan? minAge = null, params string[] platforms) =>
        new UpdatePlanner(Content, platforms.Length == 0 ? null : platforms.Select(P).ToList(), minAge)
            .DecideAsync(new ImageKey(Registry, Repository, tag, pinned), Ct);

    /// <summary>skopeo's view of what the tag points to: an independent check of the digests we report.</summary>
    public Task<string> SkopeoDigestAsync(string tag) => Skopeo.RawManifestDigestAsync($"{Registry}/{Repository}:{tag}");

    public void Dispose()
    {
        Content.Dispose();
        Client.Dispose();
    }
}
