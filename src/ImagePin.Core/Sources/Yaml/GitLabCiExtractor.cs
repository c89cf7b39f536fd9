using System.Text.RegularExpressions;

namespace ImagePin.Sources.Yaml;

/// <summary>
/// Image sites of GitLab CI files: <c>image</c> and <c>services</c> at the top level, in <c>default:</c> and in every job
/// (a top-level key that is not a GitLab keyword and maps to a mapping, hidden <c>.template</c> jobs included), as
/// strings or <c>{name: …}</c>; and the file's <c>include:</c> entries, so the caller can read the local ones.
/// <c>$VAR</c> / <c>${VAR}</c> in a value make it <see cref="SiteDynamic.CiVariable"/> with the names.
/// </summary>
internal static partial class GitLabCiExtractor
{
    /// <summary>Top-level keys that are not jobs.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache",
        "before_script", "after_script", "types", "spec",
    };

    public static YamlExtraction Extract(YamlFile file, string relativePath)
    {
        _ = relativePath;
        var sites = new SiteCollector(file);
        var budget = sites.Budget;
        foreach (var root in sites.RootMappings())
        {
            Fields(sites, root, root, "", null);
            if (root.Get("default", budget).AsMapping() is { } defaults) Fields(sites, root, defaults, "default.", null);
            foreach (var entry in root.EffectiveEntries(budget))
            {
                if (entry.KeyText is not { } key || Keywords.Contains(key) || entry.Value.AsMapping() is not { } job) continue;
                Fields(sites, root, job, key + ".", key);
            }
            Includes(sites, root.Get("include", budget));
        }
        return sites.Finish();
    }

    /// <summary>Most <c>!reference</c> hops followed from one value.</summary>
    private const int MaxReferenceHops = 8;

    /// <summary>
    /// The node a GitLab <c>!reference [.job, key, …]</c> names in this file (keys of mappings, indexes of sequences),
    /// followed through references it meets; the node itself when it is no reference; null when it names nothing here
    /// (an included file's job, a missing key). The text is then read where it is written.
    /// </summary>
    private static YamlNode? Dereference(YamlNode? node, YamlMapping root, YamlVisitBudget budget, int hops = 0)
    {
        if (node?.Resolved is not { } value || value.Tag != "!reference") return node?.Resolved;
        if (hops >= MaxReferenceHops || value is not YamlSequence steps) return null;
        YamlNode? current = root;
        foreach (var step in steps.Items)
        {
            if (step.AsScalar()?.Value is not { } key) return null;
            current = current switch
            {
                YamlMapping mapping => mapping.Get(key, budget),
                YamlSequence list when int.TryParse(key, out var index) && index >= 0 && index < list.Items.Count => list.Items[index],
                _ => null,
            };
            current = Dereference(current, root, budget, hops + 1);
            if (current is null) return null;
        }
        return current;
    }

    private static void Fields(SiteCollector sites, YamlMapping root, YamlMapping owner, string path, string? job)
    {
        var budget = sites.Budget;
        var image = Dereference(owner.Get("image", budget), root, budget);
        if (image is YamlMapping imageMap) sites.Add(ImageSiteContext.Image, imageMap.Get("name", budget), path + "image.name", Facts(job));
        else sites.Add(ImageSiteContext.Image, image, path + "image", Facts(job));
        if (Dereference(owner.Get("services", budget), root, budget).AsSequence() is not { } services) return;
        for (var i = 0; i < services.Items.Count; i++)
        {
            var item = Dereference(services.Items[i], root, budget);
            if (item is null) continue;
            var itemPath = $"{path}services[{i}]";
            if (item is YamlMapping service) sites.Add(ImageSiteContext.Service, service.Get("name", budget), itemPath + ".name", Facts(job));
            else sites.Add(ImageSiteContext.Service, item, itemPath, Facts(job));
        }
    }

    /// <summary><c>include: 'path'</c>, <c>include: [...]</c>, <c>include: {local: …}</c> and the other include kinds.</summary>
    private static void Includes(SiteCollector sites, YamlNode? include)
    {
        IEnumerable<YamlNode> items = include switch
        {
            YamlSequence list => list.Items.Select(i => i.Resolved),
            null => [],
            _ => [include],
        };
        foreach (var item in items)
        {
            if (item.AsValueScalar() is { } path)
            {
                var remote = path.Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || path.Value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
                sites.Reference(new YamlFileReference(remote ? "remote" : "local", path.Value, path));
                continue;
            }
            if (item.AsMapping() is not { } map) continue;
            foreach (var kind in (string[])["local", "remote", "project", "template", "component"])
            {
                if (map.Get(kind, sites.Budget).AsValueScalar() is not { } target) continue;
                var files = kind == "project" ? map.Get("file", sites.Budget) : null;
                IReadOnlyList<string> names = files.AsSequence() is { } many
                    ? [.. many.Items.Select(f => f.AsValueScalar()?.Value).OfType<string>()]
                    : files.AsValueScalar() is { } one ? [one.Value] : [];
                sites.Reference(new YamlFileReference(kind, target.Value, target) { Files = names });
            }
        }
    }

    private static Func<YamlScalar, string, ImageSiteFacts> Facts(string? job) => (_, text) =>
    {
        var names = VariableNames(text);
        return new ImageSiteFacts { Name = job, Dynamic = names.Count > 0 ? SiteDynamic.CiVariable : SiteDynamic.None, Variables = names };
    };

    /// <summary>The CI/CD variables a value names (<c>$NAME</c>, <c>${NAME}</c>), in order, once each.</summary>
    public static IReadOnlyList<string> VariableNames(string text)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return [];
        return [.. VariablePattern().Matches(text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The text with each <c>$NAME</c> / <c>${NAME}</c> replaced by <paramref name="value"/>.</summary>
    public static string ExpandVariables(string text, Func<string, string> value) =>
        VariablePattern().Replace(text, m => value(m.Groups["name"].Value));

    [GeneratedRegex(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariablePattern();
}
