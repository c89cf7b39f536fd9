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

    /// <summary>
    /// How many nodes <paramref name="root"/> stands for once every alias is replaced by a copy of its anchor, as a loader
    /// builds it; stops counting at <paramref name="cap"/>. An alias of a node still open around it (a recursive alias)
    /// counts as <paramref name="cap"/>. One visit per node as written, in document order.
    /// </summary>
    public static long ExpandedNodes(YamlNode root, long cap)
    {
        var sizes = new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(YamlNode Node, int Next)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, next) = pending.Pop();
            var count = ChildCount(node);
            if (next < count)
            {
                pending.Push((node, next + 1));
                if (ChildAt(node, next) is not YamlAlias and var child) pending.Push((child, 0));
                continue;
            }
            long size = 1;
            for (var i = 0; i < count && size < cap; i++)
            {
                var child = ChildAt(node, i);
                size += child is YamlAlias alias ? sizes.GetValueOrDefault(alias.Target, cap) : sizes[child];
            }
            sizes[node] = Math.Min(size, cap);
        }
        return root is YamlAlias ? cap : sizes[root];
    }

    private static int ChildCount(YamlNode node) => node switch
    {
        YamlMapping m => m.Entries.Count * 2,
        YamlSequence s => s.Items.Count,
        _ => 0,
    };

    private static YamlNode ChildAt(YamlNode node, int i) => node switch
    {
        YamlMapping m => i % 2 == 0 ? m.Entries[i / 2].Key : m.Entries[i / 2].Value,
        _ => ((YamlSequence)node).Items[i],
    };

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
