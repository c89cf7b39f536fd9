using System.Text;

namespace ImagePin.Registry.Credentials;

/// <summary>One <c>auths</c> entry as written in a config file; decoded only when its registry is asked for.</summary>
internal sealed record StoredAuth(string Key, RegistryKey Registry, string? Auth, string? Username, string? Password, string? IdentityToken)
{
    /// <summary>Null for an entry with nothing in it (Docker writes <c>{}</c> when a credential store holds the secret).</summary>
    public RegistryCredential? ToCredential(string filePath)
    {
        string? username = Username, password = Password;
        if (!string.IsNullOrEmpty(Auth))
            (username, password) = DecodeUserPassword(filePath);
        var identityToken = string.IsNullOrEmpty(IdentityToken) ? null : IdentityToken;
        if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password) && identityToken is null)
            return null;
        return new RegistryCredential(NullIfEmpty(username), NullIfEmpty(password), identityToken);
    }

    private (string User, string Password) DecodeUserPassword(string filePath)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(Padded(Auth!.Trim())));
        }
        catch (FormatException e)
        {
            throw new CredentialException($"{filePath}: auths[\"{Key}\"].auth is not valid base64", e);
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0)
            throw new CredentialException($"{filePath}: auths[\"{Key}\"].auth does not decode to \"user:password\"");
        return (decoded[..colon], decoded[(colon + 1)..]);
    }

    // Some tools drop the '=' padding; the decoded bytes are the same.
    private static string Padded(string base64) => (base64.Length % 4) switch
    {
        2 => base64 + "==",
        3 => base64 + "=",
        _ => base64,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
