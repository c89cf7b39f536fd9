namespace ImagePin.Freshness;

/// <summary>Where an image's created time came from.</summary>
internal enum CreatedSource
{
    /// <summary>The image config's <c>created</c> field.</summary>
    ConfigCreated,
    /// <summary>The manifest's or index's <c>org.opencontainers.image.created</c> annotation.</summary>
    OciAnnotation,
    /// <summary>When the registry says the tag was last pushed (Docker Hub), preferred for the cool-down: no image author can backdate it.</summary>
    TagPushed,
    /// <summary>Neither is present (or parseable).</summary>
    None,
}

/// <summary>When an image was created, and which field said so.</summary>
internal sealed record ImageCreated(DateTimeOffset? Created, CreatedSource Source)
{
    public static readonly ImageCreated Unknown = new(null, CreatedSource.None);

    /// <summary>
    /// False for the placeholder times of reproducible builds: the Unix epoch (SOURCE_DATE_EPOCH=0, ko, Nix)
    /// and 1980-01-01 (the zip epoch, Bazel/rules_oci): anything before 1981 says nothing about the image's age.
    /// </summary>
    public static bool IsReal(DateTimeOffset created) => created.UtcDateTime.Year > 1980;

    /// <summary>"2024-05-17T08:30:00Z (config created)", or why there is no time.</summary>
    public override string ToString() => Created is { } created
        ? $"{created.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({SourceName(Source)})"
        : "unknown (no org.opencontainers.image.created annotation and no config created time)";

    /// <summary>The JSON <c>createdSource</c>: <c>config</c>, <c>annotation</c>, or null when unknown.</summary>
    public static string? JsonName(CreatedSource source) => source switch
    {
        CreatedSource.ConfigCreated => "config",
        CreatedSource.OciAnnotation => "annotation",
        CreatedSource.TagPushed => "pushed",
        _ => null,
    };

    public static string SourceName(CreatedSource source) => source switch
    {
        CreatedSource.ConfigCreated => "config created",
        CreatedSource.OciAnnotation => "org.opencontainers.image.created annotation",
        CreatedSource.TagPushed => "pushed to the registry",
        _ => "none",
    };
}
