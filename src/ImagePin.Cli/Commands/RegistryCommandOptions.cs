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

    public void AddTo(Command command, bool withPlatform = true)
    {
        if (withPlatform) command.Options.Add(Platform);
        command.Options.Add(InsecureRegistries);
        command.Options.Add(CaFile);
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
        var options = new RegistryOptions
        {
            // Hosts from the command line add to those in the config file.
            Routing = new RegistryRouting(config.Mirrors, [.. config.InsecureRegistries, .. parse.GetValue(InsecureRegistries) ?? []]),
            CaFile = caFile,
        };
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
