namespace ImagePin.Registry.Credentials;

internal interface ICredentialSource
{
    /// <param name="repository">The repository asked for (e.g. <c>org/app</c>), so that namespace keys (<c>quay.io/org</c>) can apply; null when unknown.</param>
    ValueTask<RegistryCredential?> GetAsync(string registryHost, string? repository, CancellationToken ct);
}

internal sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken);
