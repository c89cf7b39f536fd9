using System.Net;
using System.Text.Json;
using ImagePin.Registry.Transport;

namespace ImagePin.Registry;

/// <summary>Turns an unsuccessful registry answer into a located <see cref="RegistryException"/>.</summary>
internal static class RegistryErrors
{
    public static async Task<RegistryException> FromResponseAsync(HttpResponseMessage response, string registry, string where, CancellationToken ct)
    {
        var code = (int)response.StatusCode;
        var (errorCode, detail) = await ErrorDetailAsync(response, ct).ConfigureAwait(false);
        var attempts = response.RequestMessage?.Options.TryGetValue(RequestContext.Attempts, out var n) == true ? n : 1;
        var withCredentials = response.RequestMessage?.Options.TryGetValue(RequestContext.SentCredentials, out var sent) == true && sent;
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new RegistryException(RegistryErrorKind.NotFound, errorCode switch
            {
                // The registry's error code says which part is missing; HEAD answers have none.
                "NAME_UNKNOWN" => $"{where}: {registry} has no such repository (HTTP 404 NAME_UNKNOWN)",
                "MANIFEST_UNKNOWN" or "TAG_UNKNOWN" => $"{where}: the repository has no such tag or manifest (HTTP 404 {errorCode})",
                "BLOB_UNKNOWN" => $"{where}: the repository has no such blob (HTTP 404 BLOB_UNKNOWN)",
                _ => $"{where}: not found (HTTP 404{detail})",
            }),
            HttpStatusCode.Unauthorized => new RegistryException(RegistryErrorKind.Unauthorized, withCredentials
                ? $"{where}: {registry} refused the credentials configured for it (HTTP 401{detail}); check them (docker login {registry})"
                : $"{where}: {registry} requires a login and no credentials are configured for it (HTTP 401{detail}); run `docker login {registry}` or add it to auth.json"),
            HttpStatusCode.Forbidden => new RegistryException(RegistryErrorKind.Unauthorized, $"{where}: access denied by {registry} (HTTP 403{detail})"),
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
                new RegistryException(RegistryErrorKind.Network, $"{where}: {registry} answered HTTP {code}{(attempts > 1 ? $" after {attempts} attempts" : "")}{detail}"),
            _ => new RegistryException(RegistryErrorKind.Protocol, $"{where}: {registry} answered HTTP {code}{detail}"),
        };
    }

    /// <summary>The first error's code, and "; CODE: message" from a registry error body, when it has one.</summary>
    private static async Task<(string? Code, string Detail)> ErrorDetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.RequestMessage?.Method == HttpMethod.Head) return (null, "");
        try
        {
            // An error body is only a detail: a few seconds and 64 KiB at most, whatever the server does.
            var body = await BoundedBody.ReadAsync(response.Content, 65536, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            if (body is null or { Length: 0 }) return (null, "");
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0) return (null, "");
            var first = errors[0];
            string? Str(string name) => first.ValueKind == JsonValueKind.Object && first.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var text = Redaction.Redact($"{Str("code")}: {Str("message")}".Trim(' ', ':'), response.RequestMessage);
            return (Str("code"), text.Length == 0 ? "" : "; " + (text.Length > 200 ? text[..200] + "…" : text));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException or HttpRequestException or TimeoutException)
        {
            return (null, "");
        }
    }
}
