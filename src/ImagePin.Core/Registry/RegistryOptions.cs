namespace ImagePin.Registry;

internal sealed record RegistryOptions
{
    /// <summary>Registries (host or host:port) that may be reached over plain HTTP and whose TLS certificate is not verified, as Docker's insecure-registries.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

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

    public long MaxBlobBytes { get; init; } = 16 * 1024 * 1024;

    public int MaxConcurrency { get; init; } = 16;

    public int MaxConcurrencyPerRegistry { get; init; } = 6;

    public string UserAgent { get; init; } = "imagepin";
}
