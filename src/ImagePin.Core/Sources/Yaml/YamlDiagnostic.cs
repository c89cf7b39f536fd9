namespace ImagePin.Sources.Yaml;

/// <summary>What went wrong in a YAML file.</summary>
internal enum YamlProblem
{
    /// <summary>Not valid YAML (the parser's message).</summary>
    Syntax,
    /// <summary>Collections nested deeper than <see cref="YamlLimits.MaxDepth"/>.</summary>
    TooDeep,
    /// <summary>The file is larger than <see cref="YamlLimits.MaxInputBytes"/>.</summary>
    TooLarge,
    /// <summary>More nodes than <see cref="YamlLimits.MaxNodes"/>.</summary>
    TooManyNodes,
    /// <summary>An alias names no anchor defined before it.</summary>
    UndefinedAlias,
    /// <summary>A mapping repeats a key (the tree keeps both entries).</summary>
    DuplicateKey,
    /// <summary>A tab used for indentation.</summary>
    TabIndentation,
    /// <summary>A traversal gave up after <see cref="YamlLimits.MaxVisits"/> node visits.</summary>
    VisitBudgetExhausted,
    /// <summary>A quoted scalar's continuation lines are under-indented (read anyway, as libyaml does; not fatal).</summary>
    UnderIndented,
    /// <summary>The file's content does not have the shape its kind expects (reported by extractors).</summary>
    Shape,
}

/// <summary>
/// A located problem: file-relative 1-based line and column, the UTF-16 offset, and the document it belongs to
/// (0-based; -1 for the whole file). <see cref="Fatal"/> problems leave the document without a tree.
/// </summary>
internal sealed record YamlDiagnostic(YamlProblem Problem, int Line, int Column, int Offset, int Document, string Message)
{
    public bool Fatal => Problem is not (YamlProblem.DuplicateKey or YamlProblem.UnderIndented or YamlProblem.VisitBudgetExhausted or YamlProblem.Shape);

    public override string ToString() => $"{Line}:{Column}: {Message}";
}
