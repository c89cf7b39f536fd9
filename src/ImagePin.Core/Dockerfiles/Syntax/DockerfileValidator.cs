namespace ImagePin.Dockerfiles.Syntax;

/// <summary>Placeholder, filled in below.</summary>
internal static class DockerfileValidator { }
