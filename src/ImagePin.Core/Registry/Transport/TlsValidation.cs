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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SslPolicyErrors> _refused = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the last certificate of <paramref name="host"/> was refused, in words with the fix; null when none was.</summary>
    public string? Explain(string host)
    {
        if (!_refused.TryGetValue(host, out var errors)) return null;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return $"the TLS certificate of {host} is for another name (name mismatch); use the name the certificate was made for";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            return $"the TLS certificate of {host} is signed by an unknown authority; pass its CA with --ca-file (or registries.ca-file), or --insecure-registry {host} to skip verification";
        return $"{host} sent no TLS certificate";
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        var target = (sender as SslStream)?.TargetHostName;
        if (target is not null && _routing.SkipsTlsVerification(target)) return true;
        var accepted = ValidateWithExtraRoots(certificate, chain, errors);
        if (!accepted && target is not null) _refused[target] = errors;
        return accepted;
    }

    private bool ValidateWithExtraRoots(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
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
