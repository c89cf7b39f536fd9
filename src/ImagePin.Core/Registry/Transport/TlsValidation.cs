using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImagePin.Registry.Transport;

/// <summary>Server certificate check: the system trust store, then the user's extra CAs; insecure registries are not checked.</summary>
internal sealed class TlsValidation
{
    private readonly X509Certificate2Collection _extraRoots = [];
    private readonly RegistryRouting _routing;

    public TlsValidation(string? caFile, RegistryRouting routing)
    {
        _routing = routing;
        if (caFile is null) return;
        try
        {
            _extraRoots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RegistryException(RegistryErrorKind.Configuration, $"cannot read CA file '{caFile}': {e.Message}", e);
        }
        if (_extraRoots.Count == 0)
            throw new RegistryException(RegistryErrorKind.Configuration, $"CA file '{caFile}' holds no PEM certificate");
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (sender is SslStream { TargetHostName: { } host } && _routing.SkipsTlsVerification(host)) return true;
        // Only an untrusted chain can be cured by extra roots; a name mismatch cannot.
        if (_extraRoots.Count == 0 || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
