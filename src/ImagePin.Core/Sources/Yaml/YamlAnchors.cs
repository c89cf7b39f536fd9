namespace ImagePin.Sources.Yaml;

/// <summary>An anchored node that aliases use: its name and node.</summary>
internal sealed record SharedAnchor(string Name, YamlNode Node);

/// <summary>
/// The anchors of a file that aliases use (<c>*name</c>, <c>&lt;&lt;: *name</c>), and under which keys: text written in
/// such an anchor is shared by every place that uses it. Built in one pass over the tree as written (aliases are not
/// followed), so it costs one visit per node however often aliases repeat.
/// </summary>
internal sealed class YamlAnchors
{
    /// <summary>Keys under which an aliased scalar is an image (a sequence item has no key: GitLab <c>services</c>).</summary>
    private static readonly HashSet<string> ImageKeys = new(StringComparer.Ordinal) { "image", "name", "container", "uses" };

    private readonly Dictionary<YamlNode, YamlNode> parents = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<YamlNode, List<(string? Key, int Line)>> uses = new(ReferenceEqualityComparer.Instance);

    public static YamlAnchors Of(YamlFile file)
    {
        var anchors = new YamlAnchors();
        var pending = new Stack<YamlNode>();
        foreach (var document in file.Documents)
        {
            if (document.Root is { } root) pending.Push(root);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                switch (node)
                {
                    case YamlMapping mapping:
                        foreach (var entry in mapping.Entries) anchors.Child(mapping, entry.Value, entry.KeyText, pending);
                        break;
                    case YamlSequence sequence:
                        foreach (var item in sequence.Items) anchors.Child(sequence, item, null, pending);
                        break;
                }
            }
        }
        return anchors;
    }

    private void Child(YamlNode parent, YamlNode child, string? key, Stack<YamlNode> pending)
    {
        if (child is YamlAlias alias)
        {
            if (!uses.TryGetValue(alias.Target, out var list)) uses[alias.Target] = list = [];
            list.Add((key, alias.Span.Line));
            return;
        }
        parents[child] = parent;
        pending.Push(child);
    }

    /// <summary>The innermost aliased anchor that holds <paramref name="node"/> (the node itself or a collection around it), or null.</summary>
    public SharedAnchor? SharedBy(YamlNode node)
    {
        if (uses.Count == 0) return null;
        for (YamlNode? current = node; current is not null; current = parents.GetValueOrDefault(current))
            if (current.Anchor is { } name && uses.ContainsKey(current)) return new SharedAnchor(name, current);
        return null;
    }

    /// <summary>The first alias of <paramref name="anchored"/> that stands under a key where an image is not expected, or null.</summary>
    public (string Key, int Line)? UseOutsideImages(YamlNode anchored)
    {
        foreach (var (key, line) in uses.GetValueOrDefault(anchored) ?? [])
            if (key is not null && !ImageKeys.Contains(key)) return (key, line);
        return null;
    }
}
