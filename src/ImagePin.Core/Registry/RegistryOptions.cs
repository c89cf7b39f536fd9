namespace ImagePin.Registry;

internal sealed record RegistryOptions
{
    /// <summary>Where each registry is reached (Docker Hub's API host, mirrors) and which may use plain HTTP / unverified TLS.</summary>
    public RegistryRouting Routing { get; init; } = RegistryRouting.Direct;

    /// <summary>Extra trusted CA certificates (PEM), in addition to the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>Time allowed for one attempt of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per request, the first included, for 429/502/503/504 and connection failures.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound for one wait between attempts, a server's Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for all attempts of one request together.</summary>
    public TimeSpan MaxRetryTime { get; init; } = TimeSpan.FromMinutes(2);

    public long MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest blob read whole into memory (image configs, attestations); layers are streamed instead.</summary>
    public long MaxBlobBytes { get; init; } = 16 * 1024 * 1024;

    public int MaxConcurrency { get; init; } = 16;

    public int MaxConcurrencyPerRegistry { get; init; } = 6;

    public string UserAgent { get; init; } = "imagepin";
}
