using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Registry.Credentials;
using ImagePin.Resolution;

namespace ImagePin.Cli.Commands;

/// <summary>The options of every command that talks to registries, and turning them into a client.</summary>
internal sealed class RegistryCommandOptions
{
    public Option<string?> Platform { get; } = new("--platform")
    {
        Description = "Use this platform's manifest (os/arch[/variant], e.g. linux/arm64) instead of the multi-platform index; a platform a Dockerfile stage states itself wins.",
    };

    public Option<string[]> InsecureRegistries { get; } = new("--insecure-registry")
    {
        Description = "Registry host[:port] that may use plain HTTP and whose TLS certificate is not verified (repeatable). Loopback registries may fall back to plain HTTP without this option, but their certificates are still verified.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM file of extra certificate authorities to trust, besides the system store.",
    };

    public Option<string?> Timeout { get; } = new("--timeout")
    {
        Description = $"Time allowed for one attempt of one registry request, e.g. 10s or 2m (default {RegistryOptions.DefaultRequestTimeout.TotalSeconds:0}s, or registries.timeout); failed attempts are retried with backoff.",
    };

    public Option<int?> Concurrency { get; } = new("--concurrency")
    {
        Description = $"Registry requests in flight at once to one registry (default {RegistryOptions.DefaultConcurrencyPerRegistry}; across all registries at most {RegistryOptions.DefaultConcurrency} or this number, whichever is larger).",
    };

    public Option<bool> TrustHeadDigest { get; } = new("--trust-head-digest")
    {
        Description = "On Docker Hub, take the digest a HEAD request reports without confirming it by a second HEAD by that digest (or registries.trust-head-digest). Other registries always have the manifest fetched and hashed.",
    };

    public void AddTo(Command command, bool withPlatform = true)
    {
        if (withPlatform) command.Options.Add(Platform);
        command.Options.Add(InsecureRegistries);
        command.Options.Add(CaFile);
        command.Options.Add(Timeout);
        command.Options.Add(Concurrency);
        command.Options.Add(TrustHeadDigest);
    }

    /// <summary>The run's shared registry reads (one client, one cache, one concurrency limit); dispose it when done.</summary>
    /// <returns>An error message for a bad value, else null.</returns>
    public string? TryCreate(ParseResult parse, Terminal terminal, ImagePin.Configuration.ImagepinConfig config, out RegistryContent? registry, out ImagePin.Registry.Oci.Platform? platform)
    {
        registry = null;
        platform = null;
        if (parse.GetValue(Platform) is { } text && !ImagePin.Registry.Oci.Platform.TryParse(text, out platform, out var platformError))
            return $"--platform '{text}': {platformError}";
        var caFile = parse.GetValue(CaFile) is { } given ? Path.GetFullPath(given, terminal.WorkingDirectory) : config.CaFile;
        if (caFile is not null && !File.Exists(caFile))
            return $"{(parse.GetValue(CaFile) is null ? $"{config.Path}: registries.ca-file" : "--ca-file")}: no such file: {caFile}";
        var timeout = config.RequestTimeout ?? RegistryOptions.DefaultRequestTimeout;
        if (parse.GetValue(Timeout) is { } timeoutText && !ImagePin.Freshness.Durations.TryParse(timeoutText, out timeout, out var timeoutError))
            return $"--timeout: {timeoutError}";
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
            return $"--timeout: '{parse.GetValue(Timeout) ?? $"{config.Path}: registries.timeout"}' must be more than 0s and at most 1h";
        var perRegistry = parse.GetValue(Concurrency) ?? RegistryOptions.DefaultConcurrencyPerRegistry;
        if (perRegistry is < 1 or > 256) return $"--concurrency {perRegistry}: must be a whole number from 1 to 256";
        var options = new RegistryOptions
        {
            // Hosts from the command line add to those in the config file.
            Routing = new RegistryRouting(config.Mirrors, [.. config.InsecureRegistries, .. parse.GetValue(InsecureRegistries) ?? []]),
            CaFile = caFile,
            RequestTimeout = timeout,
            MaxConcurrencyPerRegistry = perRegistry,
            MaxConcurrency = Math.Max(RegistryOptions.DefaultConcurrency, perRegistry),
            TrustHeadDigest = parse.GetValue(TrustHeadDigest) || config.TrustHeadDigest,
        };
        // A run that asks registries waits on them most of the time: no collection in its first 24 MiB (CollectionPause).
        CollectionPause.Begin();
        // The run will hash (digests, and pin's proof that a file is unchanged); the first hash loads and initialises
        // OpenSSL, ~3 ms, which would otherwise land on the scan thread just before the first request can leave.
        // A failure here is only a warm-up's: the run meets it again where it hashes, and reports it there.
        ThreadPool.UnsafeQueueUserWorkItem(static _ =>
        {
            try { System.Security.Cryptography.SHA256.HashData(ReadOnlySpan<byte>.Empty); }
            catch (Exception) { }
        }, null);
        try
        {
            var client = new RegistryClient(options, new WarnOnceCredentialSource(new DockerCredentialSource(terminal.Environment, terminal.HomeDirectory), terminal.Error));
            registry = new RegistryContent(client, ownsClient: true);
            return null;
        }
        catch (RegistryException e)
        {
            return e.Message;
        }
    }
}

/// <summary>
/// A broken credential setup (a configured helper that is not installed, a malformed config file) must not stop
/// anonymous pulls of public images: warn once, naming the problem, and go on without credentials.
/// </summary>
internal sealed class WarnOnceCredentialSource(ICredentialSource inner, TextWriter error) : ICredentialSource
{
    private int warned;

    public async ValueTask<RegistryCredential?> GetAsync(string registryHost, string? repository, CancellationToken ct)
    {
        try
        {
            return await inner.GetAsync(registryHost, repository, ct).ConfigureAwait(false);
        }
        catch (CredentialException e)
        {
            if (Interlocked.Exchange(ref warned, 1) == 0)
                lock (error) error.Write($"imagepin: warning: {e.Message}; continuing without credentials\n");
            return null;
        }
    }
}
