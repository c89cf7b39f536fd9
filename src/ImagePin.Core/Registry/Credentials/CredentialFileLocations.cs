namespace ImagePin.Registry.Credentials;

/// <summary>Where Docker and the containers tools (podman, buildah, skopeo) keep credentials, in search order.</summary>
internal sealed record CredentialFileLocations(string DockerConfig, IReadOnlyList<string> ContainersAuthFiles)
{
    public static CredentialFileLocations From(Func<string, string?> environment, string homeDirectory)
    {
        var dockerConfigDir = NonEmpty(environment("DOCKER_CONFIG")) ?? Path.Combine(homeDirectory, ".docker");

        var containers = new List<string>();
        // containers-auth.json(5): the primary file is REGISTRY_AUTH_FILE if set, else the one under XDG_RUNTIME_DIR.
        if (NonEmpty(environment("REGISTRY_AUTH_FILE")) is { } authFile)
            containers.Add(authFile);
        else if (NonEmpty(environment("XDG_RUNTIME_DIR")) is { } runtimeDir)
            containers.Add(Path.Combine(runtimeDir, "containers", "auth.json"));
        var configHome = NonEmpty(environment("XDG_CONFIG_HOME")) ?? Path.Combine(homeDirectory, ".config");
        containers.Add(Path.Combine(configHome, "containers", "auth.json"));

        return new CredentialFileLocations(Path.Combine(dockerConfigDir, "config.json"), containers.Distinct().ToList());
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
