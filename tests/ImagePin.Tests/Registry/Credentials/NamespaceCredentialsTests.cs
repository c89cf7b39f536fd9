using System.Net;
using System.Text;
using ImagePin.Registry;
using ImagePin.Registry.Credentials;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry.Credentials;

/// <summary>containers auth.json keys for a namespace (quay.io/org) apply to requests for that namespace's repositories.</summary>
public sealed class NamespaceCredentialsTests
{
    private const string Registry = "198.51.100.7";

    [Fact]
    public async Task Each_repository_is_asked_for_with_the_credentials_of_its_longest_matching_key()
    {
        using var tree = new TempTree();
        string Auth(string user) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:pw-{user}"));
        var entries = string.Join(",", new[] { (Registry, "host"), ($"{Registry}/org-a", "a"), ($"{Registry}/org-b/app", "b") }
            .Select(e => $"\"{e.Item1}\":{{\"auth\":\"{Auth(e.Item2)}\"}}"));
        tree.Write("auth.json", "{\"auths\":{" + entries + "}}");
        var body = FakeRegistry.ImageManifest();
        var fake = new FakeRegistry((request, _) => request.Headers.Authorization is null
            ? FakeRegistry.Challenge("Basic realm=\"r\"")
            : FakeRegistry.Manifest(body, "application/vnd.oci.image.manifest.v1+json", FakeRegistry.Sha256(body), head: true));
        var environment = new Dictionary<string, string?> { ["REGISTRY_AUTH_FILE"] = tree.PathOf("auth.json"), ["DOCKER_CONFIG"] = tree.PathOf("no-docker") };
        var credentials = new DockerCredentialSource(name => environment.GetValueOrDefault(name), tree.PathOf("home"));
        using var client = new RegistryClient(new RegistryOptions { MaxAttempts = 1 }, credentials, fake);

        foreach (var repository in (string[])["org-a/app", "org-b/app", "org-b/other", "org-c/app"])
            await client.ResolveAsync(Registry, repository, "v1", null, TestContext.Current.CancellationToken);

        string? UserFor(string repository) => fake.Requests.Last(r => r.Uri.AbsolutePath.StartsWith($"/v2/{repository}/", StringComparison.Ordinal)).Authorization is { } header
            ? Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':')[0] : null;
        Assert.Equal(("a", "b", "host", "host"), (UserFor("org-a/app"), UserFor("org-b/app"), UserFor("org-b/other"), UserFor("org-c/app")));
    }
}
