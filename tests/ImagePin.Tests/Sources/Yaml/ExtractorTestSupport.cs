using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

internal static class ExtractorTestSupport
{
    public static YamlExtraction Extract(YamlFileKind kind, string text, string path = "file.yml") =>
        YamlImageSources.Read(kind, path, text, YamlLimits.Default).Extraction;

    /// <summary>The characters at a site's span (what a digest would follow).</summary>
    public static string At(string text, ImageSite site) => text.Substring(site.Span!.Value.Start, site.Span.Value.Length);

    /// <summary>"context path=text" per site, for compact assertions.</summary>
    public static string[] Summary(YamlExtraction extraction) =>
        [.. extraction.Sites.Select(s => $"{s.Context} {s.Path}={s.Text}")];
}
