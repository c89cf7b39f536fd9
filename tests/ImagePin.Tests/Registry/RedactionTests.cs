using System.Net.Http.Headers;
using System.Text;
using ImagePin.Registry.Transport;

namespace ImagePin.Tests.Registry;

public sealed class RedactionTests
{
    [Fact]
    public void Basic_credentials_are_cut_out_in_every_form()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:s3cret-pw"));
        using var request = new HttpRequestMessage { Headers = { Authorization = new AuthenticationHeaderValue("Basic", encoded) } };

        var text = Redaction.Redact($"denied {encoded}; bob:s3cret-pw; s3cret-pw again", request);

        Assert.Equal("denied [redacted]; [redacted]; [redacted] again", text);
    }

    [Fact]
    public void A_bearer_token_is_cut_out_and_other_text_kept()
    {
        using var request = new HttpRequestMessage { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "eyJ.tok.en") } };

        Assert.Equal("insufficient_scope for [redacted] on repo", Redaction.Redact("insufficient_scope for eyJ.tok.en on repo", request));
        Assert.Equal("no auth sent", Redaction.Redact("no auth sent", new HttpRequestMessage()));
    }
}

public sealed class AddressGuardTests
{
    [Fact]
    public async Task A_connection_to_a_proxy_is_not_held_to_the_realm_scopes_but_a_direct_one_is()
    {
        var guard = new ImagePin.Registry.Transport.AddressGuard((_, _) => Task.FromResult(new[] { System.Net.IPAddress.Loopback }));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://auth.example.com/token");
        request.Options.Set(ImagePin.Registry.Transport.RequestContext.AllowedScopes, new HashSet<ImagePin.Registry.AddressScope> { ImagePin.Registry.AddressScope.Public });
        using var registryRequest = new HttpRequestMessage(HttpMethod.Get, "https://auth.example.com/v2/");
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal([System.Net.IPAddress.Loopback], await guard.AddressesAsync("proxy.internal", request, ct));
        Assert.Equal([System.Net.IPAddress.Loopback], await guard.AddressesAsync("auth.example.com", registryRequest, ct));
        var refused = await Assert.ThrowsAsync<ImagePin.Registry.Transport.AddressRefusedException>(() => guard.AddressesAsync("auth.example.com", request, ct));
        Assert.Contains("loopback", refused.Message);
    }
}
