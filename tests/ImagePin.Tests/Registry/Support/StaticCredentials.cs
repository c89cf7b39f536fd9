using ImagePin.Registry.Credentials;

namespace ImagePin.Tests.Registry.Support;

/// <summary>Credentials keyed by registry host; records which hosts were asked for.</summary>
internal sealed class StaticCredentials(params (string Registry, RegistryCredential Credential)[] entries) : ICredentialSource
{
    private readonly Dictionary<string, RegistryCredential> _entries = entries.ToDictionary(e => e.Registry, e => e.Credential);

    public static StaticCredentials None { get; } = new();

    public List<string> Asked { get; } = [];

    public ValueTask<RegistryCredential?> GetAsync(string registryHost, string? repository, CancellationToken ct)
    {
        lock (Asked) Asked.Add(registryHost);
        return ValueTask.FromResult(_entries.GetValueOrDefault(registryHost));
    }
}
