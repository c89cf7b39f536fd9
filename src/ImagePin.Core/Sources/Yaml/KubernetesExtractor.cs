namespace ImagePin.Sources.Yaml;

/// <summary>
/// Image sites of Kubernetes manifests: in every document with a top-level <c>apiVersion</c> and <c>kind</c>, the
/// <c>image</c> of each item of a <c>containers</c>, <c>initContainers</c> or <c>ephemeralContainers</c> list at any depth
/// (Pods, workload templates, CronJob job templates, and CRDs with the same shape). Argo Workflows
/// (<c>argoproj.io</c>: <c>container</c>, <c>script</c>, <c>sidecars</c>) and Tekton (<c>tekton.dev</c>: <c>steps</c>,
/// <c>sidecars</c>, <c>stepTemplate</c>) add their own container fields. Values with Helm templates are
/// <see cref="SiteDynamic.HelmTemplate"/>; build the tree with <c>maskHelmTemplates</c> so chart templates parse.
/// </summary>
internal static class KubernetesExtractor
{
    private static readonly HashSet<string> ContainerLists = new(StringComparer.Ordinal) { "containers", "initContainers", "ephemeralContainers" };
    private static readonly HashSet<string> ArgoLists = new(StringComparer.Ordinal) { "sidecars", "initContainers" };
    private static readonly HashSet<string> ArgoSingles = new(StringComparer.Ordinal) { "container", "script" };
    private static readonly HashSet<string> TektonLists = new(StringComparer.Ordinal) { "steps", "sidecars" };
    private static readonly HashSet<string> TektonSingles = new(StringComparer.Ordinal) { "stepTemplate" };

    public static YamlExtraction Extract(YamlFile file, string relativePath)
    {
        _ = relativePath;
        var sites = new SiteCollector(file);
        var budget = sites.Budget;
        foreach (var root in sites.RootMappings())
        {
            if (root.Get("apiVersion", budget).AsValueScalar() is not { } apiVersion || root.Get("kind", budget).AsValueScalar() is not { } kind) continue;
            var name = root.Get("metadata", budget).AsMapping()?.Get("name", budget).AsScalar()?.Value;
            var owner = name is null ? kind.Value : $"{kind.Value}/{name}";
            var group = apiVersion.Value;
            var argo = group.StartsWith("argoproj.io/", StringComparison.Ordinal) && kind.Value != "Application" && kind.Value != "ApplicationSet";
            var tekton = group.StartsWith("tekton.dev/", StringComparison.Ordinal);
            foreach (var (node, key) in root.Walk(budget))
            {
                if (key is null) continue;
                var list = ContainerLists.Contains(key) || (argo && ArgoLists.Contains(key)) || (tekton && TektonLists.Contains(key));
                if (list && node is YamlSequence sequence)
                {
                    for (var i = 0; i < sequence.Items.Count; i++)
                        Container(sites, sequence.Items[i].AsMapping(), $"{owner}: {key}[{i}].image");
                }
                else if (((argo && ArgoSingles.Contains(key)) || (tekton && TektonSingles.Contains(key))) && node is YamlMapping single)
                    Container(sites, single, $"{owner}: {key}.image");
            }
        }
        return sites.Finish();
    }

    private static void Container(SiteCollector sites, YamlMapping? container, string path)
    {
        if (container is null) return;
        var name = container.Get("name", sites.Budget).AsScalar()?.Value;
        // Every image: a container repeats it under Helm's {{ if }} / {{ else }}, which reads as a duplicate key.
        foreach (var image in container.GetAll("image", sites.Budget))
        {
            sites.Add(ImageSiteContext.Container, image, path, (scalar, text) => new ImageSiteFacts
            {
                Name = name,
                Dynamic = scalar.HelmTemplated || text.Contains("{{", StringComparison.Ordinal) ? SiteDynamic.HelmTemplate : SiteDynamic.None,
            });
        }
    }
}
