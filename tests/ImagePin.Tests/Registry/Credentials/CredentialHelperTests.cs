using System.Diagnostics;
using ImagePin.Registry.Credentials;
using static ImagePin.Tests.Registry.Credentials.CredentialFixture;

namespace ImagePin.Tests.Registry.Credentials;

public class CredentialHelperTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Registry_specific_helper_is_given_the_host_on_stdin_and_its_answer_is_used()
    {
        using var fixture = new CredentialFixture();
        var asked = fixture.AddAnsweringHelper("ghcr-test", """{"ServerURL": "ghcr.io", "Username": "octo", "Secret": "tok"}""");
        fixture.WriteDockerConfig("""{"credHelpers": {"ghcr.io": "ghcr-test"}}""");

        var credential = await fixture.Source().GetAsync("ghcr.io", null, None);

        Assert.Equal(new RegistryCredential("octo", "tok", null), credential);
        Assert.Equal("ghcr.io\n", File.ReadAllText(asked));
    }

    [Fact]
    public async Task Docker_hub_is_asked_for_by_its_index_url()
    {
        using var fixture = new CredentialFixture();
        var asked = fixture.AddAnsweringHelper("store-test", """{"ServerURL": "https://index.docker.io/v1/", "Username": "hub", "Secret": "pw"}""");
        fixture.WriteDockerConfig("""{"credsStore": "store-test"}""");

        Assert.Equal("hub", (await fixture.Source().GetAsync("registry-1.docker.io", null, None))?.Username);
        Assert.Equal("https://index.docker.io/v1/\n", File.ReadAllText(asked));
    }

    [Fact]
    public async Task Token_username_from_a_helper_means_the_secret_is_an_identity_token()
    {
        using var fixture = new CredentialFixture();
        fixture.AddAnsweringHelper("acr-test", """{"ServerURL": "x.azurecr.io", "Username": "<token>", "Secret": "refresh"}""");
        fixture.WriteDockerConfig("""{"credHelpers": {"x.azurecr.io": "acr-test"}}""");

        Assert.Equal(new RegistryCredential(null, null, "refresh"), await fixture.Source().GetAsync("x.azurecr.io", null, None));
    }

    [Fact]
    public async Task Registry_specific_helper_takes_precedence_over_the_default_store()
    {
        using var fixture = new CredentialFixture();
        fixture.AddAnsweringHelper("specific", """{"Username": "from-specific", "Secret": "a"}""");
        var storeAsked = fixture.AddAnsweringHelper("default", """{"Username": "from-default", "Secret": "b"}""");
        fixture.WriteDockerConfig("""{"credsStore": "default", "credHelpers": {"https://ghcr.io": "specific"}}""");
        var source = fixture.Source();

        Assert.Equal("from-specific", (await source.GetAsync("ghcr.io", null, None))?.Username);
        Assert.False(File.Exists(storeAsked));
        Assert.Equal("from-default", (await source.GetAsync("quay.io", null, None))?.Username);
    }

    [Fact]
    public async Task Helper_reporting_credentials_not_found_falls_back_to_the_file_entry()
    {
        using var fixture = new CredentialFixture();
        fixture.AddHelper("empty", "echo 'credentials not found in native keychain'\nexit 1");
        fixture.WriteDockerConfig($$"""{"credsStore": "empty", "auths": {"ghcr.io": {"auth": "{{Base64("inline:pw")}}"} } }""");
        var source = fixture.Source();

        Assert.Equal("inline", (await source.GetAsync("ghcr.io", null, None))?.Username);
        Assert.Null(await source.GetAsync("quay.io", null, None));
    }

    [Fact]
    public async Task Missing_helper_is_reported_by_name_and_config_file_without_waiting()
    {
        using var fixture = new CredentialFixture();
        var path = fixture.WriteDockerConfig("""{"credsStore": "imagepin-absent"}""");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains("docker-credential-imagepin-absent", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("not found on PATH", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Hanging_helper_is_stopped_after_the_timeout_with_a_clear_message()
    {
        using var fixture = new CredentialFixture();
        fixture.AddHelper("hang", "sleep 30");
        fixture.WriteDockerConfig("""{"credsStore": "hang"}""");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CredentialException>(
            () => fixture.Source(helperTimeout: TimeSpan.FromSeconds(1)).GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains("docker-credential-hang", error.Message);
        Assert.Contains("did not answer within 1 s", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Helper_failure_quotes_its_error_line_and_exit_code()
    {
        using var fixture = new CredentialFixture();
        fixture.AddHelper("broken", "echo 'keychain is locked' >&2\nexit 4");
        fixture.WriteDockerConfig("""{"credsStore": "broken"}""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains("docker-credential-broken", error.Message);
        Assert.Contains("exit code 4", error.Message);
        Assert.Contains("keychain is locked", error.Message);
    }

    [Fact]
    public async Task Unparseable_helper_output_is_reported_without_quoting_it()
    {
        using var fixture = new CredentialFixture();
        fixture.AddHelper("garbled", "echo 'Secret: hunter2'");
        fixture.WriteDockerConfig("""{"credsStore": "garbled"}""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains("docker-credential-garbled", error.Message);
        Assert.Contains("not the expected JSON", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public async Task Helper_name_with_a_path_is_rejected()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig("""{"credsStore": "../../tmp/evil"}""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains("must not contain a path", error.Message);
    }

    [Fact]
    public async Task Each_registry_is_looked_up_once_per_source()
    {
        using var fixture = new CredentialFixture();
        var asked = fixture.AddAnsweringHelper("counted", """{"Username": "u", "Secret": "s"}""");
        fixture.WriteDockerConfig("""{"credsStore": "counted"}""");
        var source = fixture.Source();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => source.GetAsync("ghcr.io", null, None).AsTask()));
        await source.GetAsync("GHCR.io", null, None);

        Assert.All(answers, answer => Assert.Equal("u", answer?.Username));
        Assert.Equal("ghcr.io\n", File.ReadAllText(asked));
    }

    [Fact]
    public async Task Cancelled_caller_gets_cancellation_not_a_credential_error()
    {
        using var fixture = new CredentialFixture();
        fixture.AddHelper("slow", "sleep 5");
        fixture.WriteDockerConfig("""{"credsStore": "slow"}""");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Source().GetAsync("ghcr.io", null, cancel.Token).AsTask());
    }
}
