using ImagePin.Verification;
using ImagePin.Updating;
using ImagePin.Resolution;
using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Resolution;

/// <summary>Bad pins are refused with a message naming the bad part, before any request is sent.</summary>
public sealed class PinArgumentsTests
{
    private const string Registry = "registry.example.com";
    private static readonly string ValidDigest = "sha256:" + new string('a', 64);

    public static TheoryData<string, string, string, string> BadPins => new()
    {
        { "library/nginx", "v1", "sha256:abc", "pinned digest 'sha256:abc' is not a valid" },
        { "library/nginx", "v1", "latest", "pinned digest 'latest' is not a valid" },
        { "library/nginx", ValidDigest, ValidDigest, "is not a tag" },
        { "library/nginx", "-v1", ValidDigest, "'-v1' is not a valid tag" },
        { "Library/Nginx", "v1", ValidDigest, "'Library/Nginx' is not a valid repository name" },
    };

    [Theory]
    [MemberData(nameof(BadPins))]
    public async Task Bad_pin_fails_update_without_a_request(string repository, string tag, string digest, string expected)
    {
        using var client = new RegistryClient(new RegistryOptions(), StaticCredentials.None);

        var decision = await new UpdatePlanner(new RegistryContent(client))
            .DecideAsync(new ImageKey(Registry, repository, tag, digest), TestContext.Current.CancellationToken);

        Assert.Contains(expected, Assert.IsType<UpdateDecision.Failed>(decision).Error);
        Assert.Equal(0, client.RequestCount);
    }

    [Theory]
    [MemberData(nameof(BadPins))]
    public async Task Bad_pin_fails_verify_without_a_request(string repository, string tag, string digest, string expected)
    {
        using var client = new RegistryClient(new RegistryOptions(), StaticCredentials.None);

        var inspection = await new PinInspector(new RegistryContent(client))
            .InspectAsync(new ImageKey(Registry, repository, tag, digest), TestContext.Current.CancellationToken);

        Assert.Equal(PinStatus.Failed, inspection.Status);
        Assert.Contains(expected, inspection.Error);
        Assert.Equal(0, client.RequestCount);
    }
}
