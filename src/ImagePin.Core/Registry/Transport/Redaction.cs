using System.Text;

namespace ImagePin.Registry.Transport;

/// <summary>
/// Text a server sends back (an error body's message) may repeat what it was sent. Before such text becomes part of
/// a message, the request's own secrets are cut out of it: the Authorization header's value, and for Basic the
/// decoded <c>user:password</c> and the password.
/// </summary>
internal static class Redaction
{
    private const string Mask = "[redacted]";

    public static string Redact(string text, HttpRequestMessage? request)
    {
        if (request?.Headers.Authorization is not { Parameter: { Length: > 0 } parameter } authorization) return text;
        var secrets = new List<string> { parameter };
        if (authorization.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                secrets.Add(pair);
                if (pair.IndexOf(':') is var colon and >= 0) secrets.Add(pair[(colon + 1)..]);
            }
            catch (FormatException) { /* not Base64: the header itself is masked */ }
        }
        // Longest first, so a password inside user:password does not leave the rest behind; very short secrets would mask
        // ordinary words, and are not what a registry echoes.
        foreach (var secret in secrets.Where(s => s.Length >= 4).OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
