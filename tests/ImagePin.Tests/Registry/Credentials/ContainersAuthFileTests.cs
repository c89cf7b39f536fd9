using ImagePin.Registry.Credentials;
using static ImagePin.Tests.Registry.Credentials.CredentialFixture;

namespace ImagePin.Tests.Registry.Credentials;

public class ContainersAuthFileTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Auths(params (string Key, string User)[] entries) =>
        "{\"auths\": {" + string.Join(", ", entries.Select(e => $"\"{e.Key}\": {{\"auth\": \"{Base64(e.User + ":pw")}\"}}")) + "}}";

    [Fact]
    public async Task Registry_auth_file_variable_is_read()
    {
        using var fixture = new CredentialFixture();
        var file = fixture.Write(Path.Combine(fixture.Folder("custom"), "auth.json"), Auths(("quay.io", "podman")));
        fixture.Environment["REGISTRY_AUTH_FILE"] = file;

        Assert.Equal(new RegistryCredential("podman", "pw", null), await fixture.Source().GetAsync("quay.io", null, None));
    }

    [Fact]
    public async Task Runtime_dir_auth_file_is_read()
    {
        using var fixture = new CredentialFixture();
        var runtime = fixture.Folder("run-user");
        fixture.Write(Path.Combine(runtime, "containers", "auth.json"), Auths(("quay.io", "runtime")));
        fixture.Environment["XDG_RUNTIME_DIR"] = runtime;

        Assert.Equal("runtime", (await fixture.Source().GetAsync("quay.io", null, None))?.Username);
    }

    [Fact]
    public async Task Auth_file_under_the_home_config_folder_is_read()
    {
        using var fixture = new CredentialFixture();
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"), Auths(("docker.io", "hub")));

        Assert.Equal("hub", (await fixture.Source().GetAsync("index.docker.io", null, None))?.Username);
    }

    [Fact]
    public async Task Primary_auth_file_is_searched_before_the_config_folder_one()
    {
        using var fixture = new CredentialFixture();
        var runtime = fixture.Folder("run-user");
        fixture.Write(Path.Combine(runtime, "containers", "auth.json"), Auths(("quay.io", "primary")));
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"), Auths(("quay.io", "secondary"), ("ghcr.io", "only-secondary")));
        fixture.Environment["XDG_RUNTIME_DIR"] = runtime;
        var source = fixture.Source();

        Assert.Equal("primary", (await source.GetAsync("quay.io", null, None))?.Username);
        Assert.Equal("only-secondary", (await source.GetAsync("ghcr.io", null, None))?.Username);
    }

    [Fact]
    public async Task Docker_config_is_preferred_over_the_containers_auth_file()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig(Auths(("quay.io", "docker")));
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"), Auths(("quay.io", "podman")));

        Assert.Equal("docker", (await fixture.Source().GetAsync("quay.io", null, None))?.Username);
    }

    [Theory]
    [InlineData("org/app", "repo-level")]
    [InlineData("org/app/sub", "repo-level")]
    [InlineData("org/other", "namespace-level")]
    [InlineData("orgx/app", "host-level")]
    [InlineData("elsewhere/app", "host-level")]
    [InlineData(null, "host-level")]
    public async Task Most_specific_namespace_key_wins(string? repository, string expectedUser)
    {
        using var fixture = new CredentialFixture();
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"),
            Auths(("quay.io", "host-level"), ("quay.io/org/app", "repo-level"), ("quay.io/org", "namespace-level")));

        Assert.Equal(expectedUser, (await fixture.Source().GetAsync("quay.io", repository, None))?.Username);
    }

    [Fact]
    public async Task Namespace_key_alone_does_not_apply_to_other_namespaces_or_to_the_bare_host()
    {
        using var fixture = new CredentialFixture();
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"), Auths(("quay.io/org", "namespace-level")));
        var source = fixture.Source();

        Assert.Null(await source.GetAsync("quay.io", "other/app", None));
        Assert.Null(await source.GetAsync("quay.io", null, None));
    }

    [Fact]
    public async Task Url_key_in_auth_file_is_a_host_not_a_namespace()
    {
        using var fixture = new CredentialFixture();
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"), Auths(("https://reg.example:5000/v1/", "legacy")));

        Assert.Equal("legacy", (await fixture.Source().GetAsync("reg.example:5000", "team/app", None))?.Username);
    }

    [Fact]
    public async Task Cred_helper_in_the_auth_file_is_used_before_its_auths()
    {
        using var fixture = new CredentialFixture();
        fixture.AddAnsweringHelper("podman-test", """{"Username": "from-helper", "Secret": "s"}""");
        fixture.Write(Path.Combine(fixture.Home, ".config", "containers", "auth.json"),
            $$"""{"credHelpers": {"quay.io": "podman-test"}, "auths": {"quay.io": {"auth": "{{Base64("inline:pw")}}"} } }""");

        Assert.Equal("from-helper", (await fixture.Source().GetAsync("quay.io", null, None))?.Username);
    }

    [Fact]
    public async Task Malformed_auth_file_is_reported_by_path()
    {
        using var fixture = new CredentialFixture();
        var file = fixture.Write(Path.Combine(fixture.Folder("custom"), "auth.json"), "{\"auths\": ");
        fixture.Environment["REGISTRY_AUTH_FILE"] = file;

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("quay.io", null, None).AsTask());

        Assert.StartsWith(file + ":", error.Message);
    }

    [Fact]
    public async Task Auth_file_is_not_read_when_docker_config_already_answered()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig(Auths(("quay.io", "docker")));
        var file = fixture.Write(Path.Combine(fixture.Folder("custom"), "auth.json"), "not json");
        fixture.Environment["REGISTRY_AUTH_FILE"] = file;

        Assert.Equal("docker", (await fixture.Source().GetAsync("quay.io", null, None))?.Username);
    }
}
