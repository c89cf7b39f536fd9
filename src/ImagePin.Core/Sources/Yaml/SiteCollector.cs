namespace ImagePin.Sources.Yaml;

/// <summary>Collects an extractor's sites once per scalar (a field reached through several aliases is one place in the text).</summary>
internal sealed class SiteCollector(YamlFile file)
{
    private readonly Dictionary<YamlScalar, int> seen = new(ReferenceEqualityComparer.Instance);
    private readonly List<ImageSite> sites = [];
    private readonly List<YamlFileReference> references = [];
    private readonly List<YamlDiagnostic> diagnostics = [];

    public YamlFile File { get; } = file;

    /// <summary>One budget for the whole extraction.</summary>
    public YamlVisitBudget Budget { get; } = file.NewBudget();

    /// <summary>
    /// Adds the site of <paramref name="node"/> when it is a non-empty scalar not seen before; <paramref name="prefix"/>
    /// (e.g. <c>docker://</c>) is cut from the text and the span. Returns the site, or null.
    /// </summary>
    public ImageSite? Add(string context, YamlNode? node, string path, Func<YamlScalar, string, ImageSiteFacts> facts, string prefix = "")
    {
        if (node.AsValueScalar() is not { } scalar || !seen.TryAdd(scalar, sites.Count)) return null;
        var text = scalar.Value[prefix.Length..];
        TextLocation? span = null;
        if (scalar.LiteralSpan is { } literal)
        {
            var start = literal.Start + prefix.Length;
            var column = literal.Column + prefix.Length;
            span = text.Length == 0
                ? new TextLocation(start, 0, literal.Line, column, literal.Line, column)
                : new TextLocation(start, text.Length, literal.Line, column, literal.EndLine, literal.EndColumn);
        }
        var site = new ImageSite(context, scalar, path, text, span, scalar.NotLiteralReason, facts(scalar, text));
        sites.Add(site);
        return site;
    }

    /// <summary>Changes the facts of the site already collected for <paramref name="node"/>'s scalar, if there is one.</summary>
    public void Update(YamlNode? node, Func<ImageSiteFacts, ImageSiteFacts> change)
    {
        if (node.AsValueScalar() is { } scalar && seen.TryGetValue(scalar, out var index))
            sites[index] = sites[index] with { Facts = change(sites[index].Facts) };
    }

    public void Reference(YamlFileReference reference) => references.Add(reference);

    public void Problem(YamlNode at, string message)
    {
        var (line, column) = (at.Span.Line, at.Span.Column);
        diagnostics.Add(new YamlDiagnostic(YamlProblem.Shape, line, column, at.Span.Start, -1, message));
    }

    public YamlExtraction Finish()
    {
        if (Budget.Exhausted)
            diagnostics.Add(new YamlDiagnostic(YamlProblem.VisitBudgetExhausted, 1, 1, 0, -1,
                $"gave up after {File.Limits.MaxVisits} node visits (aliases or merge keys repeat too much); image fields may be missing"));
        return new YamlExtraction(sites, references, diagnostics);
    }

    /// <summary>The root mappings of the documents that have a tree.</summary>
    public IEnumerable<YamlMapping> RootMappings() =>
        File.Documents.Select(d => d.Root.AsMapping()).OfType<YamlMapping>();
}
