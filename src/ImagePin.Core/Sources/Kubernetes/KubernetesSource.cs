using ImagePin.Sources.Yaml;

namespace ImagePin.Sources.Kubernetes;

/// <summary>
/// Kubernetes manifests: any YAML file (not claimed by name by another source) with top-level <c>apiVersion</c> and
/// <c>kind</c>; the <c>image</c> of every container list at any depth. Helm chart templates are read with their
/// <c>{{ … }}</c> actions masked; an image with a template is <c>variable</c> and never rewritten.
/// </summary>
internal sealed class KubernetesSource : YamlSource
{
    public const string KindName = "kubernetes";

    public override string Kind => KindName;

    protected override YamlFileKind FileKind => YamlFileKind.Kubernetes;

    public override NameMatch MatchName(string path) => YamlNames.HasYamlExtension(path) ? NameMatch.Maybe : NameMatch.No;

    public override bool MatchContent(string text) => YamlFileKinds.HasKubernetesKeys(text.AsSpan(0, Math.Min(text.Length, YamlFileKinds.HeadLength)));

    protected override (IReadOnlyList<string> Names, string Advice) Dynamic(ImageSite site) =>
        (YamlNames.Templates(site.Text, "{{", "}}"),
         "Helm renders it when the chart is installed; pin the image in the chart's values (or in the rendered manifests)");
}
