using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Configuration;

/// <summary>
/// Project settings from <c>.imagepin.yaml</c>. Command-line options override them; every field is optional.
/// </summary>
/// <param name="Path">The file the settings came from (null: no file).</param>
/// <param name="Platforms">The platforms the project builds (update's noise control).</param>
/// <param name="MinAge">update's cool-down.</param>
/// <param name="MaxAge">verify's limit for pins behind their tag.</param>
/// <param name="InsecureRegistries">Registries that may use plain HTTP / unverified TLS.</param>
/// <param name="CaFile">Extra trusted CAs (absolute; relative paths are resolved against the config file's folder).</param>
internal sealed record ImagepinConfig(
    string? Path,
    IReadOnlyList<Platform>? Platforms,
    TimeSpan? MinAge,
    TimeSpan? MaxAge,
    IReadOnlyList<string> InsecureRegistries,
    string? CaFile)
{
    public static ImagepinConfig Empty { get; } = new(null, null, null, null, [], null);

    /// <summary>Globs of paths walks leave out, relative to the settings file's folder.</summary>
    public IReadOnlyList<Globs.Glob> IgnorePaths { get; init; } = [];

    /// <summary>Rule ids not reported.</summary>
    public IReadOnlyList<string> IgnoreRules { get; init; } = [];

    /// <summary>The folder <see cref="Path"/> is in (relative settings are relative to it).</summary>
    public string? Folder => Path is null ? null : System.IO.Path.GetDirectoryName(Path);

    /// <summary>Registry → mirror host[:port] to ask instead (the files keep the original name).</summary>
    public IReadOnlyDictionary<string, string> Mirrors { get; init; } = new Dictionary<string, string>();

    /// <summary><c>rules</c>: per-path requirements, first match wins (paths relative to <see cref="Folder"/>).</summary>
    public IReadOnlyList<Policy.PathRule> PathRules { get; init; } = [];

    /// <summary><c>registries.allow</c>: the images the project may pull; null when the file does not restrict them.</summary>
    public IReadOnlyList<Policy.ImagePattern>? AllowedImages { get; init; }

    /// <summary><c>ignore.images</c>: images suppressed as <c># imagepin:ignore</c> would.</summary>
    public IReadOnlyList<Policy.ImagePattern> IgnoreImages { get; init; } = [];

    /// <summary><c>severity</c>: rule id → the severity replacing its default.</summary>
    public IReadOnlyDictionary<string, Policy.Severity> Severities { get; init; } = new Dictionary<string, Policy.Severity>();

    /// <summary>Where each setting is written (<c>update.min-age</c> → <c>.imagepin.yaml:3:12</c>), for <c>imagepin config</c>.</summary>
    public IReadOnlyDictionary<string, string> Origins { get; init; } = new Dictionary<string, string>();

    /// <summary>The policy these settings state, before the command line adds to it.</summary>
    public Policy.PolicySettings Policy => new()
    {
        IgnoredRules = IgnoreRules, BaseDirectory = Folder, PathRules = PathRules, AllowedImages = AllowedImages,
        IgnoredImages = IgnoreImages, Severities = Severities,
    };

    /// <summary>registries.trust-head-digest: on Docker Hub, take a HEAD's Docker-Content-Digest without a second source.</summary>
    public bool TrustHeadDigest { get; init; }

    /// <summary>registries.timeout: time allowed for one attempt of one registry request (--timeout wins).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    public const string FileName = ".imagepin.yaml";
    public const string AlternateFileName = ".imagepin.yml";
}

/// <summary>A config file that cannot be used; the message names the file, line and column.</summary>
internal sealed class ConfigException(string message) : Exception(message);
