namespace ImagePin.Sources.Dockerfiles;

/// <summary>Which file names are Dockerfiles when walking a tree (explicitly named files always are).</summary>
/// <remarks>
/// As Renovate's default file match does: every name that starts with <c>Dockerfile</c> or <c>Containerfile</c>
/// (<c>Dockerfile.alpine</c>, <c>Dockerfile-alpine</c>, <c>Dockerfile_dev</c>, <c>Dockerfile2</c>,
/// <c>Dockerfile-slim.template</c>, <c>Containerfile3</c>) and every name that ends in <c>.Dockerfile</c> or
/// <c>.Containerfile</c>, in any case; except names whose extension says they are something else
/// (<c>Dockerfile.md</c>, <c>Dockerfile-build.sh</c>, <c>Dockerfile.yaml</c>, <c>.dockerignore</c>…).
/// </remarks>
internal static class DockerfileNames
{
    /// <summary>Extensions of files that sit beside Dockerfiles and are not Dockerfiles.</summary>
    private static readonly HashSet<string> OtherExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        // prose and notes
        "md", "markdown", "rst", "adoc", "txt", "html", "htm", "pdf", "log",
        // scripts and code
        "sh", "bash", "zsh", "fish", "ps1", "psm1", "bat", "cmd", "py", "rb", "pl", "php", "js", "mjs", "cjs", "ts",
        "go", "rs", "java", "kt", "cs", "fs", "vb", "c", "h", "cpp", "hpp", "lua", "r", "swift", "scala", "groovy",
        // data and configuration
        "json", "yml", "yaml", "toml", "xml", "ini", "cfg", "csv", "tsv", "lock", "sum", "mod", "properties",
        // ignore files, patches, editor and VCS leftovers, archives, images
        "dockerignore", "gitignore", "gitattributes", "patch", "diff", "orig", "rej", "swp", "bak",
        "zip", "gz", "tgz", "tar", "xz", "bz2", "zst", "png", "jpg", "jpeg", "gif", "svg", "ico",
    };

    public static bool IsDockerfile(string fileName)
    {
        var named = fileName.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("Containerfile", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".Containerfile", StringComparison.OrdinalIgnoreCase);
        if (!named) return false;
        var dot = fileName.LastIndexOf('.');
        return dot < 0 || !OtherExtensions.Contains(fileName[(dot + 1)..]);
    }
}
