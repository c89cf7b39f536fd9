namespace ImagePin.Sources.Yaml;

/// <summary>One document of a YAML stream. <see cref="Root"/> is null when a fatal problem stopped the document.</summary>
internal sealed class YamlDocument(int index, TextLocation span, YamlNode? root, IReadOnlyList<YamlDiagnostic> diagnostics)
{
    /// <summary>0-based position of the document in the file.</summary>
    public int Index { get; } = index;

    public TextLocation Span { get; } = span;

    public YamlNode? Root { get; } = root;

    /// <summary>This document's problems; fatal ones leave <see cref="Root"/> null.</summary>
    public IReadOnlyList<YamlDiagnostic> Diagnostics { get; } = diagnostics;
}

/// <summary>A YAML file as a located tree: every document that could be read, and every problem found.</summary>
internal sealed class YamlFile(string text, YamlLineMap lines, YamlLimits limits, IReadOnlyList<YamlDocument> documents, IReadOnlyList<YamlDiagnostic> diagnostics)
{
    /// <summary>The original text; every span indexes it.</summary>
    public string Text { get; } = text;

    public YamlLineMap Lines { get; } = lines;

    public YamlLimits Limits { get; } = limits;

    public IReadOnlyList<YamlDocument> Documents { get; } = documents;

    /// <summary>Every problem, file-level ones (<see cref="YamlDiagnostic.Document"/> -1) included, in text order.</summary>
    public IReadOnlyList<YamlDiagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>True when no fatal problem lost a document or part of the file.</summary>
    public bool Complete => !Diagnostics.Any(d => d.Fatal);

    /// <summary>A fresh visit budget for one traversal of this file.</summary>
    public YamlVisitBudget NewBudget() => new(Limits.MaxVisits);

    /// <summary>The original characters of <paramref name="location"/>.</summary>
    public string Slice(TextLocation location) => Text.Substring(location.Start, location.Length);
}
