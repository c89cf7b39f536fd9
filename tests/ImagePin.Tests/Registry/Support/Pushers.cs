using System.Net.Http.Headers;
using System.Text;

namespace ImagePin.Tests.Registry.Support;

/// <summary>A <see cref="RegistryPusher"/> for each test registry, with the auth it needs.</summary>
internal static class Pushers
{
    private static readonly HttpClient Plain = new();
    private static readonly Lazy<HttpClient> WithBasic = new(() =>
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.BasicUser}:{TestRegistries.BasicPassword}")));
        return client;
    });
    private static readonly Lazy<HttpClient> WithToken = new(() => new HttpClient(new MintedTokenHandler(TokenIssuer.Shared)));
    // Test-side only: the pusher is not what the TLS tests examine.
    private static readonly HttpClient AnyCertificate = new(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });

    public static RegistryPusher Open() => new(Plain, $"http://{TestRegistries.Open}");
    public static RegistryPusher Basic() => new(WithBasic.Value, $"http://{TestRegistries.Basic}");
    public static RegistryPusher Token() => new(WithToken.Value, $"http://{TestRegistries.Token}");
    public static RegistryPusher Tls() => new(AnyCertificate, $"https://{TestRegistries.Tls}");
}
