using ImagePin.Registry.Credentials;
using static ImagePin.Tests.Registry.Credentials.CredentialFixture;

namespace ImagePin.Tests.Registry.Credentials;

public class DockerConfigTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Auth_field_decodes_to_username_and_password_split_at_the_first_colon()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"ghcr.io": {"auth": "{{Base64("octo:pa:ss")}}"} } }""");

        var credential = await fixture.Source().GetAsync("ghcr.io", null, None);

        Assert.Equal(new RegistryCredential("octo", "pa:ss", null), credential);
    }

    [Fact]
    public async Task Username_and_password_fields_are_used_when_there_is_no_auth_field()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig("""{"auths": {"ghcr.io": {"username": "octo", "password": "pw"}}}""");

        Assert.Equal(new RegistryCredential("octo", "pw", null), await fixture.Source().GetAsync("ghcr.io", null, None));
    }

    [Fact]
    public async Task Identity_token_is_returned_with_the_username_from_auth()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"myacr.azurecr.io": {"auth": "{{Base64("00000000-0000-0000-0000-000000000000:")}}", "identitytoken": "refresh-token"} } }""");

        var credential = await fixture.Source().GetAsync("myacr.azurecr.io", null, None);

        Assert.Equal(new RegistryCredential("00000000-0000-0000-0000-000000000000", null, "refresh-token"), credential);
    }

    [Fact]
    public async Task Auth_without_base64_padding_is_accepted()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"ghcr.io": {"auth": "{{Base64("a:b").TrimEnd('=')}}"} } }""");

        Assert.Equal(new RegistryCredential("a", "b", null), await fixture.Source().GetAsync("ghcr.io", null, None));
    }

    [Theory]
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    [InlineData("Docker.IO")]
    public async Task Docker_hub_index_url_key_serves_every_docker_hub_host_name(string asked)
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"https://index.docker.io/v1/": {"auth": "{{Base64("hubuser:hubpw")}}"} } }""");

        Assert.Equal(new RegistryCredential("hubuser", "hubpw", null), await fixture.Source().GetAsync(asked, null, None));
    }

    [Theory]
    [InlineData("reg.example.com:5000")]
    [InlineData("https://reg.example.com:5000")]
    [InlineData("https://reg.example.com:5000/")]
    [InlineData("http://reg.example.com:5000/v1/")]
    [InlineData("https://REG.example.com:5000/v2/")]
    public async Task Key_written_as_url_or_host_matches_the_host_and_port(string key)
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"{{key}}": {"auth": "{{Base64("u:p")}}"} } }""");

        var source = fixture.Source();

        Assert.Equal(new RegistryCredential("u", "p", null), await source.GetAsync("reg.example.com:5000", null, None));
        Assert.Null(await source.GetAsync("reg.example.com", null, None));
    }

    [Fact]
    public async Task Registry_without_an_entry_has_no_credential()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"ghcr.io": {"auth": "{{Base64("u:p")}}"} } }""");

        Assert.Null(await fixture.Source().GetAsync("quay.io", null, None));
    }

    [Fact]
    public async Task Missing_config_files_mean_no_credentials()
    {
        using var fixture = new CredentialFixture();

        Assert.Null(await fixture.Source().GetAsync("ghcr.io", null, None));
    }

    [Fact]
    public async Task Empty_entry_left_by_a_credential_store_is_no_credential()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig("""{"auths": {"ghcr.io": {}}}""");

        Assert.Null(await fixture.Source().GetAsync("ghcr.io", null, None));
    }

    [Fact]
    public async Task Docker_config_environment_variable_names_the_config_folder()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"ghcr.io": {"auth": "{{Base64("home:x")}}"} } }""");
        var elsewhere = fixture.Folder("docker-elsewhere");
        fixture.Write(Path.Combine(elsewhere, "config.json"), $$"""{"auths": {"ghcr.io": {"auth": "{{Base64("elsewhere:y")}}"} } }""");
        fixture.Environment["DOCKER_CONFIG"] = elsewhere;

        Assert.Equal("elsewhere", (await fixture.Source().GetAsync("ghcr.io", null, None))?.Username);
    }

    [Fact]
    public async Task Utf8_byte_order_mark_and_unrelated_settings_are_tolerated()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig("\uFEFF" + $$"""{"psFormat": "table", "proxies": {}, "auths": {"ghcr.io": {"auth": "{{Base64("u:p")}}", "email": "x@y"} } }""");

        Assert.Equal(new RegistryCredential("u", "p", null), await fixture.Source().GetAsync("ghcr.io", null, None));
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_file_and_line()
    {
        using var fixture = new CredentialFixture();
        var path = fixture.WriteDockerConfig("{\n  \"auths\": {\n    \"ghcr.io\": {\"auth\": \"abc\"\n}\n");

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains("malformed JSON", error.Message);
    }

    [Fact]
    public async Task Invalid_base64_is_reported_with_file_and_key_but_not_the_value()
    {
        using var fixture = new CredentialFixture();
        var path = fixture.WriteDockerConfig("""{"auths": {"ghcr.io": {"auth": "s3cr3t!!not*base64"}}}""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains(path, error.Message);
        Assert.Contains("auths[\"ghcr.io\"].auth", error.Message);
        Assert.Contains("base64", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Fact]
    public async Task Auth_without_a_colon_is_reported_without_the_decoded_secret()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"ghcr.io": {"auth": "{{Base64("justasecret")}}"} } }""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Contains("user:password", error.Message);
        Assert.DoesNotContain("justasecret", error.Message);
    }

    [Theory]
    [InlineData("""{"auths": []}""", "\"auths\" must be an object")]
    [InlineData("""{"auths": {"ghcr.io": "x"}}""", "auths[\"ghcr.io\"] must be an object")]
    [InlineData("""{"auths": {"ghcr.io": {"auth": 5}}}""", "auths[\"ghcr.io\"].auth must be a string")]
    [InlineData("""{"credsStore": true}""", "credsStore must be a string")]
    [InlineData("""[]""", "expected a JSON object at the top level")]
    public async Task Wrong_json_shape_is_reported_naming_the_field(string json, string expected)
    {
        using var fixture = new CredentialFixture();
        var path = fixture.WriteDockerConfig(json);

        var error = await Assert.ThrowsAsync<CredentialException>(() => fixture.Source().GetAsync("ghcr.io", null, None).AsTask());

        Assert.Equal($"{path}: {expected}", error.Message);
    }

    [Fact]
    public async Task Broken_entry_for_another_registry_does_not_block_a_good_one()
    {
        using var fixture = new CredentialFixture();
        fixture.WriteDockerConfig($$"""{"auths": {"bad.example": {"auth": "%%%"}, "ghcr.io": {"auth": "{{Base64("u:p")}}"} } }""");

        Assert.Equal("u", (await fixture.Source().GetAsync("ghcr.io", null, None))?.Username);
    }
}
