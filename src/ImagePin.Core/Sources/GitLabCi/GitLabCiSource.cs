using ImagePin.Sources.Yaml;

namespace ImagePin.Sources.GitLabCi;

/// <summary>
/// GitLab CI files (<c>.gitlab-ci.yml</c>, <c>NAME.gitlab-ci.yml</c>) and every file they <c>include: local</c>, whatever
/// its name: <c>image</c> and <c>services</c> at the top level, in <c>default:</c> and in jobs. A value with a CI variable
/// (<c>$CI_REGISTRY_IMAGE</c>, <c>${TAG}</c>) is <c>variable</c> and never rewritten.
/// </summary>
/// <remarks>
/// Local includes are relative to the repository root: the git repository of the file; outside one, the nearest folder
/// at or above it that holds a <c>.gitlab-ci.yml</c> (GitLab reads that file at the root), else the file's folder. An
/// included file is read by a source that carries the including file's root, so its own includes resolve the same way.
/// Its images are its own occurrences and are edited there. <c>remote</c>, <c>project</c>, <c>template</c> and
/// <c>component</c> includes live outside the repository and are not read.
/// </remarks>
/// <param name="repositoryRoot">The root for local includes of a file reached through an include; null to find it from the file.</param>
internal sealed class GitLabCiSource(string? repositoryRoot = null) : YamlSource
{
    public const string KindName = "gitlab-ci";

    public override string Kind => KindName;

    protected override YamlFileKind FileKind => YamlFileKind.GitLabCi;

    public override NameMatch MatchName(string path) => YamlFileKinds.Detect(path, "") == YamlFileKind.GitLabCi ? NameMatch.Yes : NameMatch.No;

    /// <summary>GitLab loads CI files with Ruby's YAML, which keeps the last of repeated keys; real pipelines repeat keys.</summary>
    protected override bool AcceptsDuplicateKeys => true;

    /// <summary>GitLab's Dependency Proxy prefixes: what follows is a Docker Hub image, pulled through the proxy (same digests).</summary>
    private static readonly string[] DependencyProxyPrefixes =
    [
        "${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/", "$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/",
        "${CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX}/", "$CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/",
    ];

    /// <summary>
    /// <c>${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/alpine:3</c> is Docker Hub's <c>alpine:3</c> through the group's
    /// Dependency Proxy: checked, pinned and verified as that image, the digest written after it.
    /// </summary>
    protected override ImageOccurrence Occurrence(ImageSite site, YamlReading reading)
    {
        if (site.Facts.Dynamic != SiteDynamic.CiVariable) return base.Occurrence(site, reading);
        var prefix = DependencyProxyPrefixes.FirstOrDefault(p => site.Text.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null || site.Text.IndexOf('$', prefix.Length) >= 0)
            return FromFileVariables(site, reading) ?? base.Occurrence(site, reading);
        var edit = LiteralEdit(site, reading);
        if (edit is EditSite.Literal literal) edit = literal with { Start = literal.Start + prefix.Length, Length = literal.Length - prefix.Length };
        return Image(site, site.Text[prefix.Length..], edit);
    }

    /// <summary>
    /// An image made of variables this file defines (<c>variables:</c> of the job, else the top level; a value or
    /// <c>{value: …}</c>) is checked and verified as their values give it. It is not rewritten: the same variables reach
    /// scripts, included files and pipelines that override them, so the digest belongs in the definition, by hand.
    /// Null when a variable has no literal value here (predefined <c>$CI_*</c>, project settings).
    /// </summary>
    private static ImageOccurrence? FromFileVariables(ImageSite site, YamlReading reading)
    {
        var budget = reading.Tree.NewBudget();
        var roots = reading.Tree.Documents.Select(d => d.Root.AsMapping()).OfType<YamlMapping>().ToList();
        var values = new Dictionary<string, (string Value, YamlScalar Node)>(StringComparer.Ordinal);
        foreach (var name in site.Facts.Variables)
        {
            var found = roots.Select(r => site.Facts.Name is { } job ? Variable(r.Get(job, budget).AsMapping(), name, budget) : null).FirstOrDefault(v => v is not null)
                ?? roots.Select(r => Variable(r, name, budget)).FirstOrDefault(v => v is not null);
            if (found is null || found.Value.Contains('$', StringComparison.Ordinal)) return null;
            values[name] = (found.Value, found);
        }
        var expanded = GitLabCiExtractor.ExpandVariables(site.Text, name => values[name].Value);
        var first = values.First();
        var where = string.Join(", ", values.Select(v => $"{v.Key} (line {v.Value.Node.Span.Line})"));
        return Image(site, expanded, new EditSite.NotRewritable(
            $"its value comes from the CI/CD variable {where}; the variable also reaches scripts, included files and pipelines that override it, so imagepin does not write it: write {first.Key}: …@sha256:… there by hand"));
    }

    /// <summary>The literal value of <paramref name="name"/> under the <c>variables:</c> of <paramref name="owner"/>, or null.</summary>
    private static YamlScalar? Variable(YamlMapping? owner, string name, YamlVisitBudget budget)
    {
        var value = owner.Get("variables", budget).AsMapping().Get(name, budget);
        return value is YamlMapping { } described ? described.Get("value", budget).AsScalar() : value.AsScalar();
    }

    protected override (IReadOnlyList<string> Names, string Advice) Dynamic(ImageSite site) =>
        (site.Facts.Variables.Count > 0 ? site.Facts.Variables : [site.Text],
         "GitLab CI sets it when the pipeline runs; write the image literally to pin it");

    protected override IReadOnlyList<RelatedFile> Related(YamlReading reading, IReadOnlyList<YamlFileReference> references)
    {
        var local = references.Where(r => r.Kind == "local").ToList();
        if (local.Count == 0) return [];
        var root = repositoryRoot ?? RootOf(reading.Folder);
        var boundary = repositoryRoot ?? IncludedFiles.GitRoot(reading.Folder) ?? root;
        var reader = root == repositoryRoot ? this : new GitLabCiSource(root);
        var related = new List<RelatedFile>();
        foreach (var include in local)
        {
            var target = include.Target.TrimStart('/');
            // A variable in the path is expanded by GitLab when the pipeline runs: nothing to read here.
            if (target.Contains('$', StringComparison.Ordinal) || target.Length == 0) continue;
            var node = include.Node;
            if (IncludedFiles.IsGlob(target))
            {
                var (files, truncated) = IncludedFiles.Glob(root, target);
                if (truncated) reading.Error(node, $"include '{include.Target}' names too many files; only the first {files.Count} are read");
                foreach (var file in files.Where(f => YamlNames.HasYamlExtension(f) && IncludedFiles.IsInside(boundary, f)))
                    related.Add(new RelatedFile(file, reader, node.Span.Line, node.Span.Column));
                continue;
            }
            var path = Path.GetFullPath(target, root);
            if (!IncludedFiles.IsInside(boundary, path))
                reading.Error(node, $"include '{include.Target}' lies outside the repository; not read");
            else if (!File.Exists(path))
                reading.Error(node, $"include '{include.Target}' names no file of the repository (GitLab would reject the pipeline)");
            else
                related.Add(new RelatedFile(path, reader, node.Span.Line, node.Span.Column));
        }
        return related;
    }

    /// <summary>The git repository's root; outside one, the nearest folder at or above with a <c>.gitlab-ci.yml</c>; else the folder.</summary>
    private static string RootOf(string folder)
    {
        if (IncludedFiles.GitRoot(folder) is { } git) return git;
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ".gitlab-ci.yml"))) return dir.FullName;
        return folder;
    }
}
