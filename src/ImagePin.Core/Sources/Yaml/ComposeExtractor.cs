namespace ImagePin.Sources.Yaml;

/// <summary>
/// Image sites of Compose files: <c>services.*.image</c> (top-level <c>NAME.image</c> in format-1 files), through anchors and merge keys to where the text lives. A
/// service with <c>build:</c> and <c>image:</c> names the image it builds (<see cref="ImageSiteFacts.Built"/>). A service
/// without <c>image:</c> is followed through <c>extends</c> in the same file (<c>extends: {service: x}</c> or
/// <c>extends: x</c>); an <c>extends: {file: …}</c> is returned as a <see cref="YamlFileReference"/> for the caller to
/// read. Values with <c>$</c> are <see cref="SiteDynamic.Interpolation"/> with the variables they name (resolve them with
/// <see cref="ComposeInterpolation.Resolve"/>).
/// </summary>
internal static class ComposeExtractor
{
    /// <summary>Most <c>extends</c> hops followed from one service.</summary>
    private const int MaxExtends = 64;

    /// <summary>Top-level keys of the Compose specification that are not services (for format-1 files).</summary>
    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.Ordinal)
    {
        "version", "name", "include", "services", "networks", "volumes", "configs", "secrets", "models",
    };

    public static YamlExtraction Extract(YamlFile file, string relativePath)
    {
        _ = relativePath;
        var sites = new SiteCollector(file);
        var budget = sites.Budget;
        foreach (var root in sites.RootMappings())
        {
            // Compose file format 1 (before "version: '2'") has no services: key; its services are the top-level keys.
            var services = root.Find("services", budget) is null ? root : root.Get("services", budget).AsMapping();
            if (services is null) continue;
            foreach (var service in services.EffectiveEntries(budget))
            {
                if (service.KeyText is not { } name || service.Value.AsMapping() is not { } body) continue;
                if (services == root && (TopLevelKeys.Contains(name) || name.StartsWith("x-", StringComparison.Ordinal))) continue;
                Service(sites, root, services, name, body);
            }
        }
        return sites.Finish();
    }

    private static void Service(SiteCollector sites, YamlMapping root, YamlMapping services, string name, YamlMapping body)
    {
        var budget = sites.Budget;
        var built = false;
        var current = (Name: name, Body: body);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var hop = 0; hop <= MaxExtends && visited.Add(current.Name); hop++)
        {
            built |= current.Body.Get("build", budget) is { } build && build.AsScalar()?.IsNull != true;
            var images = current.Body.GetAll("image", budget).ToList();
            if (images.Count > 0)
            {
                var path = services == root ? $"{current.Name}.image" : $"services.{current.Name}.image";
                foreach (var image in images)
                {
                    // A text that several services reach (extends, anchors) is one site; it is built if any of them builds it.
                    if (sites.Add(ImageSiteContext.Service, image, path, (_, text) => Facts(name, built, text)) is null && built)
                        sites.Update(image, facts => facts with { Built = true });
                }
                return;
            }
            var extends = current.Body.Get("extends", budget);
            var target = extends.AsMapping() is { } spec ? spec.Get("service", budget).AsValueScalar() : extends.AsValueScalar();
            if (target is null) return;
            if (extends.AsMapping()?.Get("file", budget).AsValueScalar() is { } other)
            {
                sites.Reference(new YamlFileReference("extends", other.Value, other) { Service = target.Value, FromService = current.Name, FromBuilt = built });
                return;
            }
            if (services.Get(target.Value, budget).AsMapping() is not { } next)
            {
                sites.Problem(target, $"service {current.Name} extends {target.Value}, which is not a service of this file");
                return;
            }
            current = (target.Value, next);
        }
    }

    private static ImageSiteFacts Facts(string service, bool built, string text)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return new ImageSiteFacts { Name = service, Built = built };
        var interpolated = ComposeInterpolation.HasInterpolation(text);
        return new ImageSiteFacts
        {
            Name = service,
            Built = built,
            Dynamic = interpolated ? SiteDynamic.Interpolation : SiteDynamic.None,
            Variables = ComposeInterpolation.VariableNames(text),
        };
    }
}
