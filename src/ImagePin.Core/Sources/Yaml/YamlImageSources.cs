namespace ImagePin.Sources.Yaml;

/// <summary>The whole YAML layer for one file: the located tree built as its kind needs, and the kind's extractor.</summary>
internal static class YamlImageSources
{
    /// <summary>
    /// Builds the tree of <paramref name="text"/> (Helm templates masked for Kubernetes files that contain <c>{{</c>)
    /// and runs the extractor of <paramref name="kind"/>. Tree problems are in <see cref="YamlFile.Diagnostics"/>,
    /// extraction problems in <see cref="YamlExtraction.Diagnostics"/>; documents that could be read are extracted
    /// even when others could not.
    /// </summary>
    public static (YamlFile File, YamlExtraction Extraction) Read(YamlFileKind kind, string relativePath, string text, YamlLimits limits)
    {
        var mask = kind == YamlFileKind.Kubernetes && text.Contains("{{", StringComparison.Ordinal);
        var file = YamlTreeBuilder.Build(text, limits, mask);
        return (file, Extract(kind, file, relativePath));
    }

    public static YamlExtraction Extract(YamlFileKind kind, YamlFile file, string relativePath) => kind switch
    {
        YamlFileKind.Compose => ComposeExtractor.Extract(file, relativePath),
        YamlFileKind.Kubernetes => KubernetesExtractor.Extract(file, relativePath),
        YamlFileKind.GitHubActions => GitHubActionsExtractor.Extract(file, relativePath),
        YamlFileKind.GitLabCi => GitLabCiExtractor.Extract(file, relativePath),
        _ => new YamlExtraction([], [], []),
    };
}
