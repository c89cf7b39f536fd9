using ImagePin.Discovery;

namespace ImagePin.Sources.Yaml;

/// <summary>
/// What the four YAML sources (Compose, Kubernetes, GitHub Actions, GitLab CI) share: the located tree and the kind's
/// extractor, YAML problems as located errors, one occurrence per image site with its edit site (the literal
/// characters, perhaps in an anchor other fields share), <c># imagepin:ignore</c> comments, and the files the document
/// pulls in. A kind's class says which files are its, what its dynamic values mean (Helm templates, <c>${{ }}</c>,
/// CI variables, Compose interpolation) and which files it includes.
/// </summary>
internal abstract class YamlSource : ISource
{
    public abstract string Kind { get; }

    /// <summary>The extractor this source runs.</summary>
    protected abstract YamlFileKind FileKind { get; }

    public abstract NameMatch MatchName(string path);

    public virtual bool MatchContent(string text) => false;

    public SourceDocument Read(DiscoveredFile file, string text, bool hasBom)
    {
        var (tree, extraction) = YamlImageSources.Read(FileKind, file.DisplayPath, text, YamlLimits.Default);
        var reading = new YamlReading(file, tree, Errors(file, tree, extraction));
        var fatal = Blocking(tree)?.ToString() ?? AliasBomb(reading);
        var occurrences = new List<ImageOccurrence>(extraction.Sites.Count);
        foreach (var site in extraction.Sites)
        {
            var occurrence = Occurrence(site, reading);
            if (fatal is not null && occurrence.Edit is EditSite.Literal)
                occurrence = occurrence with { Edit = new EditSite.NotRewritable($"the file has YAML errors ({fatal}); fix them before pinning") };
            occurrences.Add(occurrence with { Suppression = YamlSuppressions.For(tree, occurrence.Location) });
        }
        occurrences.Sort((a, b) => a.Location.Start.CompareTo(b.Location.Start));
        var related = Related(reading, extraction.References);
        return new SourceDocument(this, file, text, hasBom, fatal is null, occurrences, reading.Errors) { Related = related };
    }

    /// <summary>The occurrence of one site; the default handles literal sites and leaves dynamic ones to <see cref="Dynamic"/>.</summary>
    protected virtual ImageOccurrence Occurrence(ImageSite site, YamlReading reading)
    {
        if (site.Facts.Dynamic == SiteDynamic.None) return Image(site, site.Text, LiteralEdit(site, reading));
        var (names, advice) = Dynamic(site);
        return Unresolved(site, names, advice);
    }

    /// <summary>For a site whose value is computed when the file is used: what it depends on, and the advice for the message.</summary>
    protected virtual (IReadOnlyList<string> Names, string Advice) Dynamic(ImageSite site) =>
        ([site.Text], "its value is computed when the file is used, so it is not pinned here");

    /// <summary>The files this document pulls in (none by default).</summary>
    protected virtual IReadOnlyList<RelatedFile> Related(YamlReading reading, IReadOnlyList<YamlFileReference> references) => [];

    /// <summary>Where the site stands: its literal characters, or the scalar as written when it is not literal.</summary>
    protected static TextLocation LocationOf(ImageSite site) => site.Span ?? site.Node.ContentSpan;

    protected static ImageOccurrence Image(ImageSite site, string expanded, EditSite edit) =>
        new(site.Context, site.Text, LocationOf(site), OccurrenceTarget.Image, expanded, [], null) { Edit = edit };

    protected static ImageOccurrence Unresolved(ImageSite site, IReadOnlyList<string> names, string advice) =>
        new(site.Context, site.Text, LocationOf(site), OccurrenceTarget.Unresolved, null, names, null)
        {
            UnsetAdvice = advice,
            Edit = new EditSite.NotRewritable($"'{site.Text}' is computed when the file is used; {advice}"),
        };

    /// <summary>
    /// The site's own characters when it is written literally: in place, or in an anchor that aliases elsewhere share
    /// (a <see cref="Definition"/>, so the planners' shared-definition rules apply). An anchored scalar that is also
    /// aliased outside image fields is not rewritten, since the digest would reach those too.
    /// </summary>
    protected static EditSite LiteralEdit(ImageSite site, YamlReading reading)
    {
        if (site.Span is not { } span)
            return new EditSite.NotRewritable($"the image is not written literally ({site.NotLiteralReason ?? "unknown form"}); write it as a plain or quoted scalar on one line and run pin again");
        if (reading.Anchors.SharedBy(site.Node) is not { } anchor) return new EditSite.Literal(span.Start, span.Length);
        if (anchor.Node == site.Node && reading.Anchors.UseOutsideImages(anchor.Node) is { } other)
            return new EditSite.NotRewritable($"the anchor &{anchor.Name} is also used on line {other.Line} under '{other.Key}', not as an image; a digest written in it would change that too, so it is not rewritten");
        return new EditSite.Literal(span.Start, span.Length, new Definition($"the anchor &{anchor.Name}", "", span, site.Text));
    }

    /// <summary>Whether the tools that read this kind accept a repeated key (the last one wins), so it is no error.</summary>
    protected virtual bool AcceptsDuplicateKeys => false;

    /// <summary>Repeated keys are no error where the kind's tools accept them, nor in Helm chart templates (<c>{{ if }}</c>/<c>{{ else }}</c> branches).</summary>
    private bool IgnoresDuplicateKeys(YamlFile tree) =>
        AcceptsDuplicateKeys || (FileKind == YamlFileKind.Kubernetes && tree.Text.Contains("{{", StringComparison.Ordinal));

    /// <summary>
    /// The first problem that keeps a file from being rewritten: one that lost part of the file, or a repeated key, which
    /// Compose, Kubernetes and GitHub reject.
    /// </summary>
    private YamlDiagnostic? Blocking(YamlFile tree)
    {
        var duplicatesAllowed = IgnoresDuplicateKeys(tree);
        return tree.Diagnostics.FirstOrDefault(d => d.Fatal || (d.Problem == YamlProblem.DuplicateKey && !duplicatesAllowed));
    }

    /// <summary>
    /// A document whose aliases expand past <see cref="MaxExpandedNodes"/> nodes ("billion laughs") is an error: the
    /// tree here never copies an alias, but the tools that load the file would (or refuse it, as Go's YAML does).
    /// </summary>
    private static string? AliasBomb(YamlReading reading)
    {
        foreach (var document in reading.Tree.Documents)
        {
            if (document.Root is not { } root || YamlAnchors.ExpandedNodes(root, MaxExpandedNodes + 1) <= MaxExpandedNodes) continue;
            var message = $"its aliases expand this document to more than {MaxExpandedNodes:N0} nodes (an alias bomb such as \"billion laughs\"); YAML loaders refuse or choke on it";
            reading.Errors.Add(new FileError(reading.File.DisplayPath, document.Span.Line, document.Span.Column, message));
            return $"{document.Span.Line}:{document.Span.Column}: {message}";
        }
        return null;
    }

    /// <summary>Most nodes a document may stand for once its aliases are expanded.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>
    /// Every YAML problem as a located error of this file, except notes that change nothing (continuation lines read as
    /// libyaml does) and repeated keys where they are accepted.
    /// </summary>
    private List<FileError> Errors(DiscoveredFile file, YamlFile tree, YamlExtraction extraction)
    {
        var duplicatesAllowed = IgnoresDuplicateKeys(tree);
        var errors = new List<FileError>();
        foreach (var d in tree.Diagnostics.Concat(extraction.Diagnostics))
        {
            if (d.Problem == YamlProblem.UnderIndented || (duplicatesAllowed && d.Problem == YamlProblem.DuplicateKey)) continue;
            errors.Add(new FileError(file.DisplayPath, d.Line, d.Column, d.Message));
        }
        return errors;
    }
}

/// <summary>One file being read: its tree, its errors so far (a kind may add some), and its shared anchors.</summary>
internal sealed class YamlReading(DiscoveredFile file, YamlFile tree, List<FileError> errors)
{
    private YamlAnchors? anchors;

    public DiscoveredFile File { get; } = file;

    public YamlFile Tree { get; } = tree;

    public List<FileError> Errors { get; } = errors;

    public YamlAnchors Anchors => anchors ??= YamlAnchors.Of(Tree);

    /// <summary>The folder the file is in.</summary>
    public string Folder => Path.GetDirectoryName(File.FullPath) ?? File.FullPath;

    /// <summary>Adds a located error of this file at <paramref name="node"/>.</summary>
    public void Error(YamlNode node, string message) => Errors.Add(new FileError(File.DisplayPath, node.Span.Line, node.Span.Column, message));

    /// <summary>Adds an error unless the same one is there already (a problem of a file that several sites need).</summary>
    public void ErrorOnce(FileError error)
    {
        if (!Errors.Contains(error)) Errors.Add(error);
    }
}
