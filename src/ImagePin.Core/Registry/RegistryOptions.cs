namespace ImagePin.Registry;

internal sealed record RegistryOptions
{
    /// <summary>Where each registry is reached (Docker Hub's API host, mirrors) and which may use plain HTTP / unverified TLS.</summary>
    public RegistryRouting Routing { get; init; } = RegistryRouting.Direct;

    /// <summary>Extra trusted CA certificates (PEM), in addition to the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>Time allowed for one attempt of one request (--timeout, registries.timeout).</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On Docker Hub (where a manifest GET counts toward the pull rate limit and a HEAD does not), accept a HEAD's
    /// Docker-Content-Digest by tag without the confirming HEAD by that digest (--trust-head-digest). Other
    /// registries always have the manifest fetched and hashed.
    /// </summary>
    public bool TrustHeadDigest { get; init; }

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

    /// <summary>Registry requests in flight at once for the whole run (--concurrency).</summary>
    public int MaxConcurrency { get; init; } = DefaultConcurrency;

    public const int DefaultConcurrency = 16;

    /// <summary>Registry requests in flight at once to one registry (--concurrency).</summary>
    public int MaxConcurrencyPerRegistry { get; init; } = DefaultConcurrencyPerRegistry;

    public const int DefaultConcurrencyPerRegistry = 6;

    public string UserAgent { get; init; } = "imagepin";

    /// <summary>A host name's addresses, for the token realm check and at connect time (a test seam for DNS answers that change).</summary>
    public Func<string, CancellationToken, Task<System.Net.IPAddress[]>> ResolveHost { get; init; } = System.Net.Dns.GetHostAddressesAsync;
}
