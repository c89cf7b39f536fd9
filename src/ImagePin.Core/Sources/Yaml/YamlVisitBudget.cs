namespace ImagePin.Sources.Yaml;

/// <summary>
/// How many node visits a traversal may still make. Aliases are references, so a walk that follows them can
/// visit a small tree exponentially often (a billion-laughs file); every traversal helper spends from a budget.
/// </summary>
internal sealed class YamlVisitBudget(int visits)
{
    public int Remaining { get; private set; } = visits;

    public bool Exhausted { get; private set; }

    /// <summary>Spends one visit; false (and <see cref="Exhausted"/>) once none is left.</summary>
    public bool TrySpend()
    {
        if (Remaining > 0)
        {
            Remaining--;
            return true;
        }
        Exhausted = true;
        return false;
    }
}
