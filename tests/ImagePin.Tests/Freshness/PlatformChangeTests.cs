using System.Text;
using System.Text.Json.Nodes;
using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Tests.Freshness;

public sealed class PlatformChangeTests
{
    private static readonly string A = Digest('a'), B = Digest('b'), C = Digest('c'), D = Digest('d');

    [Fact]
    public void Changed_added_and_removed_platforms_are_listed_in_order()
    {
        var before = Index(("linux/amd64", A), ("linux/arm/v6", B), ("linux/arm/v7", C));
        var after = Index(("linux/amd64", A), ("linux/arm/v7", D), ("linux/riscv64", B));

        var changes = PlatformChange.Between(before, after);

        Assert.Equal(["linux/arm/v6 (removed)", "linux/arm/v7", "linux/riscv64 (added)"], changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Platforms_are_compared_in_normalised_form()
    {
        var before = Index(("linux/arm64", A));
        var after = Index(("linux/aarch64/v8", A));

        Assert.Empty(PlatformChange.Between(before, after));
    }

    [Fact]
    public void Attestation_manifests_are_not_platforms()
    {
        var before = Index(("linux/amd64", A), ("unknown/unknown", B));
        var after = Index(("linux/amd64", A), ("unknown/unknown", C));

        Assert.Empty(PlatformChange.Between(before, after));
    }

    private static string Digest(char c) => "sha256:" + new string(c, 64);

    private static Manifest Index(params (string Platform, string Digest)[] children)
    {
        var manifests = new JsonArray();
        foreach (var (platform, digest) in children)
        {
            var parts = platform.Split('/');
            var p = new JsonObject { ["os"] = parts[0], ["architecture"] = parts[1] };
            if (parts.Length == 3) p["variant"] = parts[2];
            manifests.Add(new JsonObject { ["mediaType"] = MediaTypes.OciManifest, ["digest"] = digest, ["size"] = 1, ["platform"] = p });
        }
        var json = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = manifests }.ToJsonString();
        return ManifestParser.Parse(Digest('f'), MediaTypes.OciIndex, Encoding.UTF8.GetBytes(json), "test");
    }
}
