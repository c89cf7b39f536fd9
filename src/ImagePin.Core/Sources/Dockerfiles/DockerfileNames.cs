namespace ImagePin.Sources.Dockerfiles;

/// <summary>Which file names are Dockerfiles when walking a tree (explicitly named files always are).</summary>
internal static class DockerfileNames
{
    public static bool IsDockerfile(string fileName)
    {
        if (fileName.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)) return false;
        return fileName.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase)
            || fileName.Equals("Containerfile", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("Containerfile.", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".Containerfile", StringComparison.OrdinalIgnoreCase);
    }
}
