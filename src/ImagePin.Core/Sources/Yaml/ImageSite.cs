namespace ImagePin.Sources.Yaml;

/// <summary>The field kinds an image site stands in.</summary>
internal static class ImageSiteContext
{
    /// <summary>An <c>image:</c> field of its own (GitLab <c>image</c>, a GitHub action's <c>runs.image</c>).</summary>
    public const string Image = "image";

    /// <summary>A service container: Compose <c>services.*.image</c>, GitHub <c>jobs.*.services</c>, GitLab <c>services</c>.</summary>
    public const string Service = "service";

    /// <summary>A job or pod container: Kubernetes <c>containers</c> and friends, GitHub <c>jobs.*.container</c>.</summary>
    public const string Container = "container";

    /// <summary>A GitHub step <c>uses: docker://IMAGE</c>.</summary>
    public const string Uses = "uses";
}

/// <summary>Why an image site's value is not the image itself.</summary>
internal enum SiteDynamic
{
    /// <summary>The value is the image as written.</summary>
    None,
    /// <summary>A Helm/Go template (<c>{{ … }}</c>): report as variable, never rewrite.</summary>
    HelmTemplate,
    /// <summary>A GitHub Actions expression (<c>${{ … }}</c>): report as variable, never rewrite.</summary>
    Expression,
    /// <summary>GitLab CI variables (<c>$VAR</c>, <c>${VAR}</c>) named in <see cref="ImageSiteFacts.Variables"/>.</summary>
    CiVariable,
    /// <summary>Compose interpolation (<c>${VAR:-x}</c>, <c>$$</c>): resolve with <see cref="ComposeInterpolation"/>; the result cannot take a digest in place.</summary>
    Interpolation,
}

/// <summary>What an extractor knows about a site besides its text.</summary>
internal sealed record ImageSiteFacts
{
    public static ImageSiteFacts Plain { get; } = new();

    /// <summary>Compose: the service also has <c>build:</c>, so <c>image:</c> names what it builds (not a pull).</summary>
    public bool Built { get; init; }

    public SiteDynamic Dynamic { get; init; }

    /// <summary>Variables the value names (GitLab CI variables, Compose interpolation), in order, without repeats.</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>The service, job or container name the site belongs to, when there is one.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// One place in a YAML file that names an image: the scalar where the text lives (an anchored node for a site reached
/// through an alias or merge key), and where exactly the image's characters are.
/// </summary>
/// <param name="Context">One of <see cref="ImageSiteContext"/>.</param>
/// <param name="Path">Where the field is, for messages: <c>services.web.image</c>, <c>jobs.test.steps[2].uses</c>.</param>
/// <param name="Text">The image as written (without <c>docker://</c>).</param>
/// <param name="Span">The characters of <paramref name="Text"/> in the file (a digest goes at its end); null when the value is not written literally.</param>
/// <param name="NotLiteralReason">Why <paramref name="Span"/> is null.</param>
internal sealed record ImageSite(string Context, YamlScalar Node, string Path, string Text, TextLocation? Span, string? NotLiteralReason, ImageSiteFacts Facts)
{
    /// <summary>A digest can be written at the end of <see cref="Span"/>.</summary>
    public bool Rewritable => Span is not null && Facts.Dynamic == SiteDynamic.None;
}

/// <summary>Another file a YAML file points at: a GitLab <c>include</c>, a Compose <c>extends.file</c>.</summary>
/// <param name="Kind">One of <c>local</c>, <c>remote</c>, <c>project</c>, <c>template</c>, <c>component</c> (GitLab include), <c>extends</c> (Compose).</param>
/// <param name="Target">The path, address or project as written (a local path is relative to the repository root for GitLab, to the compose file's folder for Compose; it may hold <c>*</c> globs).</param>
internal sealed record YamlFileReference(string Kind, string Target, YamlScalar Node)
{
    /// <summary>Compose <c>extends</c>: the service of the other file.</summary>
    public string? Service { get; init; }

    /// <summary>Compose <c>extends</c>: the service of this file that extends it.</summary>
    public string? FromService { get; init; }

    /// <summary>Compose <c>extends</c>: the service of this file (or one extending it) has <c>build:</c>, so the other file's image is built.</summary>
    public bool FromBuilt { get; init; }

    /// <summary>GitLab <c>include: project</c>: the files it names.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>What an extractor found in one file.</summary>
internal sealed record YamlExtraction(IReadOnlyList<ImageSite> Sites, IReadOnlyList<YamlFileReference> References, IReadOnlyList<YamlDiagnostic> Diagnostics);
