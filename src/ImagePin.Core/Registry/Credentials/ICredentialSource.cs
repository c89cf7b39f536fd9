namespace ImagePin.Registry.Credentials;

internal interface ICredentialSource { ValueTask<RegistryCredential?> GetAsync(string registryHost, CancellationToken ct); }
internal sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken);
