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
