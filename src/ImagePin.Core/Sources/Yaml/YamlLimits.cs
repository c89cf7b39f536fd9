namespace ImagePin.Sources.Yaml;

/// <summary>Bounds on what a YAML file may cost. Going past one is a located error, never an exception or a hang.</summary>
/// <param name="MaxInputBytes">Largest file, in UTF-8 bytes.</param>
/// <param name="MaxDepth">Deepest nesting of collections.</param>
/// <param name="MaxNodes">Most nodes (scalars, collections, aliases) in one file.</param>
/// <param name="MaxVisits">Most node visits one traversal (a lookup through merge keys, an extractor's walk) may make.</param>
internal sealed record YamlLimits(int MaxInputBytes, int MaxDepth, int MaxNodes, int MaxVisits)
{
    public static YamlLimits Default { get; } = new(4 * 1024 * 1024, 256, 1_000_000, 2_000_000);
}
