using System.Net;
using ImagePin.Registry;
using ImagePin.Registry.Transport;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Registry;

/// <summary>Registry failures say what is wrong and what to do, once, in plain words.</summary>
public sealed class RegistryMessagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly RegistryOptions Fast = new() { MaxAttempts = 2, RequestTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task A_missing_repository_and_a_missing_tag_are_told_apart()
    {
        var repository = TestRegistries.UniqueRepository("which404");
        await Pushers.Open().PushImageAsync(repository, "v1", ImageFormat.Oci);
        using var client = new RegistryClient(Fast, StaticCredentials.None);

        var noRepository = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(TestRegistries.Open, repository + "-nope", "v1", Ct));
        var noTag = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync(TestRegistries.Open, repository, "v2", Ct));
        var headNoRepository = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Open, repository + "-nope", "v1", null, Ct));

        Assert.Contains("has no such repository (HTTP 404 NAME_UNKNOWN)", noRepository.Message);
        Assert.Contains("has no such repository (HTTP 404 NAME_UNKNOWN)", headNoRepository.Message);
        Assert.All([noRepository, noTag, headNoRepository], e => Assert.Equal(RegistryErrorKind.NotFound, e.Kind));
        Assert.Contains("the repository has no tag 'v2' (HTTP 404 MANIFEST_UNKNOWN)", noTag.Message);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_explained_with_the_options_that_fix_it()
    {
        var repository = TestRegistries.UniqueRepository("tlsmsg");
        using var client = new RegistryClient(Fast with { MaxAttempts = 1 }, StaticCredentials.None);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync(TestRegistries.Tls, repository, "v1", null, Ct));

        Assert.Contains("signed by an unknown authority", error.Message);
        Assert.Contains("--ca-file", error.Message);
        Assert.DoesNotContain("RemoteCertificateValidationCallback", error.Message);
    }

    [Fact]
    public async Task A_login_required_by_a_bearer_registry_without_credentials_says_none_are_configured()
    {
        const string realmHost = "203.0.113.10";
        var fake = new FakeRegistry((request, _) => request.RequestUri!.Host == realmHost
            ? FakeRegistry.Status(HttpStatusCode.OK, """{"token":"anonymous"}""")
            : FakeRegistry.Challenge($"Bearer realm=\"https://{realmHost}/token\",service=\"svc\""));
        using var client = new RegistryClient(Fast, StaticCredentials.None, fake);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.Manifests.GetAsync("198.51.100.7", "private/app", "v1", Ct));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("requires a login and no credentials are configured", error.Message);
    }

    [Fact]
    public void A_dead_registry_costs_one_attempt_and_one_message_for_all_its_images()
    {
        // Nothing listens on this port: connection refused is an answer, not something to retry.
        using var tree = new TempTree();
        for (var i = 0; i < 20; i++) tree.Write($"s{i}/Dockerfile", $"FROM 127.0.0.1:9/app{i}:1\n");

        var run = CliRun.Invoke(tree.Root, "pin", "--dry-run");

        Assert.Equal(3, run.ExitCode);
        var errors = run.Error.Split('\n').Where(l => l.Contains(": error: ")).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("cannot reach 127.0.0.1:9: Connection refused", line);
        Assert.Contains("(20 references, the first here)", line);
        Assert.DoesNotContain("Connection refused (127.0.0.1:9): Connection refused", line);
    }
}
