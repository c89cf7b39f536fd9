namespace ImagePin.Sources.Yaml;

/// <summary>
/// Lookups over a located tree that follow aliases and merge keys (<c>&lt;&lt;: *base</c>, <c>&lt;&lt;: [*a, *b]</c>)
/// to the node where the text really lives. Every helper spends from a <see cref="YamlVisitBudget"/>.
/// </summary>
internal static class YamlQuery
{
    /// <summary>The node as a mapping (through an alias), or null.</summary>
    public static YamlMapping? AsMapping(this YamlNode? node) => node?.Resolved as YamlMapping;

    /// <summary>The node as a sequence (through an alias), or null.</summary>
    public static YamlSequence? AsSequence(this YamlNode? node) => node?.Resolved as YamlSequence;

    /// <summary>The node as a scalar (through an alias), or null.</summary>
    public static YamlScalar? AsScalar(this YamlNode? node) => node?.Resolved as YamlScalar;

    /// <summary>A scalar that is neither null nor empty.</summary>
    public static YamlScalar? AsValueScalar(this YamlNode? node) => node.AsScalar() is { IsNull: false, Value.Length: > 0 } scalar ? scalar : null;

    /// <summary>
    /// The entries of <paramref name="mapping"/> as a loader sees them: its own entries (duplicates included, merge keys
    /// left out), then the entries its merge keys bring whose keys it does not have, earlier sources first.
    /// </summary>
    public static IReadOnlyList<YamlEntry> EffectiveEntries(this YamlMapping mapping, YamlVisitBudget budget)
    {
        var order = MergeOrder(mapping, budget);
        if (order.Count == 1 && !mapping.EntryList.Any(e => e.IsMerge)) return mapping.EntryList;
        var result = new List<YamlEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.EntryList)
        {
            if (entry.IsMerge) continue;
            result.Add(entry);
            if (entry.KeyText is { } key) seen.Add(key);
        }
        for (var i = 1; i < order.Count; i++)
        {
            foreach (var entry in order[i].EntryList)
            {
                if (entry.IsMerge || !budget.TrySpend()) continue;
                if (entry.KeyText is { } key && seen.Add(key)) result.Add(entry);
            }
        }
        return result;
    }

    /// <summary>The value of <paramref name="key"/> (merge keys followed; the last own entry wins), or null.</summary>
    public static YamlEntry? Find(this YamlMapping mapping, string key, YamlVisitBudget budget)
    {
        foreach (var source in MergeOrder(mapping, budget))
        {
            YamlEntry? found = null;
            foreach (var entry in source.EntryList)
                if (!entry.IsMerge && entry.KeyText == key) found = entry;
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>
    /// The values of every own entry named <paramref name="key"/> (a mapping that repeats a key has several; loaders keep
    /// the last, but each is a place in the text), or the merged value when there is no own entry. Aliases resolved.
    /// </summary>
    public static IEnumerable<YamlNode> GetAll(this YamlMapping? mapping, string key, YamlVisitBudget budget)
    {
        if (mapping is null) return [];
        var own = mapping.EntryList.Where(e => !e.IsMerge && e.KeyText == key).Select(e => e.Value.Resolved).ToList();
        return own.Count > 0 ? own : mapping.Get(key, budget) is { } merged ? [merged] : [];
    }

    /// <summary>The value node of <paramref name="key"/> with its alias resolved, or null.</summary>
    public static YamlNode? Get(this YamlMapping? mapping, string key, YamlVisitBudget budget) =>
        mapping is null ? null : mapping.Find(key, budget)?.Value.Resolved;

    /// <summary>
    /// The mapping and the mappings its merge keys bring, in precedence order (depth first: a source's own sources come
    /// right after it). Cycles and repeated sources are visited once.
    /// </summary>
    private static List<YamlMapping> MergeOrder(YamlMapping mapping, YamlVisitBudget budget)
    {
        var order = new List<YamlMapping>();
        var visited = new HashSet<YamlMapping>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlMapping>();
        pending.Push(mapping);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current) || !budget.TrySpend()) continue;
            order.Add(current);
            var sources = new List<YamlMapping>();
            foreach (var entry in current.EntryList)
            {
                if (!entry.IsMerge) continue;
                switch (entry.Value.Resolved)
                {
                    case YamlMapping single:
                        sources.Add(single);
                        break;
                    case YamlSequence list:
                        foreach (var item in list.ItemList)
                            if (item.Resolved is YamlMapping m) sources.Add(m);
                        break;
                }
            }
            for (var i = sources.Count - 1; i >= 0; i--) pending.Push(sources[i]);
        }
        return order;
    }

    /// <summary>
    /// Every node reachable from <paramref name="root"/> once (aliases followed to their anchored node, which is visited
    /// only the first time), with the key it stands under in its parent mapping (null in a sequence or at the root).
    /// Stops when the budget runs out.
    /// </summary>
    public static IEnumerable<(YamlNode Node, string? Key)> Walk(this YamlNode root, YamlVisitBudget budget)
    {
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(YamlNode, string?)>();
        pending.Push((root.Resolved, null));
        while (pending.Count > 0)
        {
            var (node, key) = pending.Pop();
            if (!visited.Add(node)) continue;
            if (!budget.TrySpend()) yield break;
            yield return (node, key);
            switch (node)
            {
                case YamlMapping mapping:
                    for (var i = mapping.EntryList.Count - 1; i >= 0; i--)
                        pending.Push((mapping.EntryList[i].Value.Resolved, mapping.EntryList[i].KeyText));
                    break;
                case YamlSequence sequence:
                    for (var i = sequence.ItemList.Count - 1; i >= 0; i--)
                        pending.Push((sequence.ItemList[i].Resolved, null));
                    break;
            }
        }
    }
}
