namespace ImagePin.Sources.Yaml;

/// <summary>
/// Image sites of GitHub Actions workflows and <c>action.yml</c> files: <c>jobs.*.container</c> (a string or its
/// <c>image</c>), <c>jobs.*.services.*.image</c> (and the bare-string form GitHub rejects but files contain),
/// <c>uses: docker://IMAGE</c> in job steps and composite actions' <c>runs.steps</c>, and <c>runs.image: docker://IMAGE</c>
/// (<c>runs.image: Dockerfile</c> is a build, not an image). Values with <c>${{ … }}</c> are
/// <see cref="SiteDynamic.Expression"/>. Every document of the file is read.
/// </summary>
internal static class GitHubActionsExtractor
{
    private const string DockerScheme = "docker://";

    public static YamlExtraction Extract(YamlFile file, string relativePath)
    {
        _ = relativePath;
        var sites = new SiteCollector(file);
        var budget = sites.Budget;
        foreach (var root in sites.RootMappings())
        {
            foreach (var job in root.GetAll("jobs", budget).SelectMany(jobs => jobs.AsMapping()?.EffectiveEntries(budget) ?? []))
            {
                if (job.Value.AsMapping() is not { } body || job.KeyText is not { } id) continue;
                var facts = Facts(id);
                var container = body.Get("container", budget);
                sites.Add(ImageSiteContext.Container, container.AsMapping() is { } c ? c.Get("image", budget) : container,
                    container is YamlMapping ? $"jobs.{id}.container.image" : $"jobs.{id}.container", facts);
                foreach (var service in body.Get("services", budget).AsMapping()?.EffectiveEntries(budget) ?? [])
                {
                    var value = service.Value.Resolved;
                    var path = $"jobs.{id}.services.{service.KeyText}";
                    sites.Add(ImageSiteContext.Service, value is YamlMapping m ? m.Get("image", budget) : value,
                        value is YamlMapping ? path + ".image" : path, Facts(service.KeyText));
                }
                Steps(sites, body.Get("steps", budget), $"jobs.{id}.steps", facts);
            }
            if (root.Get("runs", budget).AsMapping() is { } runs)
            {
                if (runs.Get("image", budget).AsValueScalar() is { } image && image.Value.StartsWith(DockerScheme, StringComparison.Ordinal))
                    sites.Add(ImageSiteContext.Image, image, "runs.image", Facts(null), DockerScheme);
                Steps(sites, runs.Get("steps", budget), "runs.steps", Facts(null));
            }
        }
        return sites.Finish();
    }

    private static void Steps(SiteCollector sites, YamlNode? steps, string path, Func<YamlScalar, string, ImageSiteFacts> facts)
    {
        if (steps.AsSequence() is not { } list) return;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i].AsMapping()?.Get("uses", sites.Budget).AsValueScalar() is { } uses
                && uses.Value.StartsWith(DockerScheme, StringComparison.Ordinal))
                sites.Add(ImageSiteContext.Uses, uses, $"{path}[{i}].uses", facts, DockerScheme);
        }
    }

    private static Func<YamlScalar, string, ImageSiteFacts> Facts(string? name) => (_, text) => new ImageSiteFacts
    {
        Name = name,
        Dynamic = text.Contains("${{", StringComparison.Ordinal) ? SiteDynamic.Expression : SiteDynamic.None,
    };
}
