namespace ImagePin.Sources.Dockerfiles;

/// <summary>Where in a Dockerfile an image is named; the JSON <c>context</c> values.</summary>
internal static class DockerfileContexts
{
    public const string From = "from";
    public const string CopyFrom = "copy-from";
    public const string MountFrom = "mount-from";
    public const string Syntax = "syntax";
}
