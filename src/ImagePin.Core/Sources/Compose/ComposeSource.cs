using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ImagePin.Sources.Yaml;

namespace ImagePin.Sources.Compose;

/// <summary>
/// Compose files (<c>compose.yaml</c>, <c>compose.*.yaml</c>, <c>docker-compose*.yml</c>…): <c>services.*.image</c>,
/// through anchors, merge keys and <c>extends</c>. A service with <c>build:</c> names the image it builds (<c>built</c>).
/// Interpolation (<c>${VAR}</c>, <c>${VAR:-default}</c>, <c>$$</c>) is resolved from <c>--env</c> (which wins, as the
/// shell's environment does for Compose), then the <c>.env</c> file of the project folder.
/// </summary>
/// <remarks>
/// Where a digest goes: an image written literally gets it in place (in its anchor when aliases share it). An image
/// whose value is exactly <c>${VAR:-ref}</c> / <c>${VAR-ref}</c> with <c>VAR</c> unset gets it in the default, which
/// keeps any later value of <c>VAR</c> winning. Any other interpolated value is reported, not rewritten: a value from
/// <c>--env</c> is not in the repository, and a value from <c>.env</c> is not written either (see
/// <see cref="FromDotEnv"/>). <c>extends: {file: …}</c> files are read as Compose files of this project (the same
/// <c>.env</c>), relative to the file that names them and never outside the repository; their images are their own
/// occurrences and are edited there, <c>built</c> when the extending service has <c>build:</c>. An extended file that
/// the walk also finds by its own name (<c>docker-compose.base.yml</c>) is read once, as a project of its own.
/// </remarks>
/// <param name="environment">Values given as <c>--env NAME=VALUE</c>.</param>
/// <param name="projectFolder">The folder whose <c>.env</c> applies (a file reached through <c>extends</c>); null for the file's own folder.</param>
/// <param name="builtServices">Services of a file reached through <c>extends</c> that an extending service builds (its image is then built, not pulled).</param>
internal sealed partial class ComposeSource(IReadOnlyDictionary<string, string> environment, string? projectFolder = null, IReadOnlySet<string>? builtServices = null) : YamlSource
{
    public const string KindName = "compose";

    /// <summary>Largest <c>.env</c> file read.</summary>
    public const int MaxDotEnvBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<string, DotEnv?> dotEnvs = new(StringComparer.Ordinal);

    public override string Kind => KindName;

    protected override YamlFileKind FileKind => YamlFileKind.Compose;

    public override NameMatch MatchName(string path) =>
        YamlNames.HasYamlExtension(path) && YamlFileKinds.IsComposeName(YamlNames.FileName(path)) ? NameMatch.Yes : NameMatch.No;

    /// <summary>A file named on the command line with another name: a top-level <c>services:</c> key, and no Kubernetes keys.</summary>
    public override bool MatchContent(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, YamlFileKinds.HeadLength));
        if (YamlFileKinds.HasKubernetesKeys(head)) return false;
        foreach (var line in head.EnumerateLines())
            if (line.StartsWith("services:", StringComparison.Ordinal)) return true;
        return false;
    }

    private string ProjectFolder(YamlReading reading) => projectFolder ?? reading.Folder;

    protected override ImageOccurrence Occurrence(ImageSite site, YamlReading reading)
    {
        var facts = site.Facts;
        if (!facts.Built && facts.Name is { } service && builtServices?.Contains(service) == true) facts = facts with { Built = true };
        site = site with { Facts = facts };
        if (facts.Dynamic != SiteDynamic.Interpolation)
            return facts.Built ? Built(site, site.Text) : Image(site, site.Text, LiteralEdit(site, reading));

        var dotEnv = DotEnvOf(reading);
        var result = ComposeInterpolation.Resolve(site.Text, name => Lookup(name, dotEnv));
        if (facts.Built) return Built(site, result.Value);
        if (result.Unresolved.Count > 0)
        {
            var where = dotEnv is null ? "in a .env file beside the compose file" : $"in {dotEnv.DisplayPath}";
            return Unresolved(site, result.Unresolved, $"pass --env {result.Unresolved[0]}=… or set it {where}");
        }
        if (result.Value is null)
        {
            return new ImageOccurrence(site.Context, site.Text, LocationOf(site), OccurrenceTarget.Image, null, [], null, result.Errors.FirstOrDefault() ?? "invalid interpolation")
            {
                Edit = new EditSite.NotRewritable("its interpolation cannot be evaluated"),
            };
        }
        return Image(site, result.Value, InterpolatedEdit(site, reading, dotEnv));
    }

    private static ImageOccurrence Built(ImageSite site, string? expanded) =>
        new(site.Context, site.Text, LocationOf(site), OccurrenceTarget.Built, expanded, [], null)
        {
            TargetDescription = site.Facts.Name is { } name ? $"the image service {name} builds (it has build:)" : "an image this file builds (build:)",
            Edit = new EditSite.NotRewritable("it names the image the service builds, not one it pulls"),
        };

    private string? Lookup(string name, DotEnv? dotEnv) =>
        environment.TryGetValue(name, out var given) ? given : dotEnv?.File.Values.GetValueOrDefault(name);

    /// <summary>Where a digest goes for an interpolated value that resolved (see the class remarks).</summary>
    private EditSite InterpolatedEdit(ImageSite site, YamlReading reading, DotEnv? dotEnv)
    {
        if (site.Span is null) return LiteralEdit(site, reading);
        if (DefaultOnly().Match(site.Text) is { Success: true } withDefault)
        {
            var name = withDefault.Groups["name"].Value;
            var value = Lookup(name, dotEnv);
            var usable = withDefault.Groups["op"].Value == ":-" ? !string.IsNullOrEmpty(value) : value is not null;
            if (!usable)
            {
                var edit = LiteralEdit(site, reading);
                if (edit is not EditSite.Literal literal) return edit;
                var group = withDefault.Groups["default"];
                return new EditSite.Literal(literal.Start + group.Index, group.Length, literal.Definition);
            }
            return FromVariable(name, dotEnv);
        }
        if (WholeVariable().Match(site.Text) is { Success: true } whole) return FromVariable(whole.Groups["name"].Value, dotEnv);
        return new EditSite.NotRewritable($"'{site.Text}' is composed from variables; a digest cannot be written into it (make one variable's default hold the whole reference: ${{VAR:-image:tag}})");
    }

    private EditSite FromVariable(string name, DotEnv? dotEnv) =>
        environment.ContainsKey(name)
            ? new EditSite.NotRewritable($"its value comes from --env {name}, not from the repository; not rewritten")
            : FromDotEnv(name, dotEnv);

    /// <summary>
    /// A value from <c>.env</c> is not rewritten: the file is often local to one machine (ignored by git, or a copy of a
    /// template), every compose file of the folder and every other variable of the project share it, and the shell's
    /// environment overrides it, so a digest written there is not reliably what runs. Pin it there by hand; check,
    /// verify and update then see the pinned value.
    /// </summary>
    private static EditSite FromDotEnv(string name, DotEnv? dotEnv) =>
        new EditSite.NotRewritable($"its value comes from {dotEnv?.DisplayPath ?? ".env"} ({name}); imagepin does not write .env files: write {name}=image:tag@sha256:… there by hand");

    protected override IReadOnlyList<RelatedFile> Related(YamlReading reading, IReadOnlyList<YamlFileReference> references)
    {
        var extends = references.Where(r => r.Kind == "extends").ToList();
        if (extends.Count == 0) return [];
        var boundary = IncludedFiles.Boundary(reading.File);
        var related = new List<RelatedFile>();
        var dotEnv = extends.Any(e => e.Target.Contains('$', StringComparison.Ordinal)) ? DotEnvOf(reading) : null;
        foreach (var reference in extends)
        {
            var node = reference.Node;
            var target = ComposeInterpolation.Resolve(reference.Target, name => Lookup(name, dotEnv));
            if (target.Value is null)
            {
                reading.Error(node, $"extends file '{reference.Target}' depends on variables without a value ({string.Join(", ", target.Unresolved)}); not read");
                continue;
            }
            var path = Path.GetFullPath(target.Value, reading.Folder);
            if (!IncludedFiles.IsInside(boundary, path))
                reading.Error(node, $"extends file '{reference.Target}' lies outside the repository; not read");
            else if (!File.Exists(path))
                reading.Error(node, $"extends file '{reference.Target}' does not exist (docker compose would reject this file)");
            else if (path != reading.File.FullPath)
                related.Add(new RelatedFile(path, ReaderFor(reading, extends, reference.Target), node.Span.Line, node.Span.Column));
        }
        return related;
    }

    /// <summary>
    /// The source that reads an extended file: this project's settings (its <c>.env</c>), and the services of that file
    /// that a service here builds on. A file that the walk reads by its own name is read without these.
    /// </summary>
    private ComposeSource ReaderFor(YamlReading reading, List<YamlFileReference> extends, string target)
    {
        var built = extends
            .Where(e => e.Target == target && e.Service is not null && (e.FromBuilt || (e.FromService is { } from && builtServices?.Contains(from) == true)))
            .Select(e => e.Service!).ToHashSet(StringComparer.Ordinal);
        return new ComposeSource(environment, ProjectFolder(reading), built.Count > 0 ? built : null);
    }

    /// <summary>The project's <c>.env</c>, read once per folder (bounded); its problems are errors of the first file that needs it.</summary>
    private DotEnv? DotEnvOf(YamlReading reading)
    {
        var folder = ProjectFolder(reading);
        var path = Path.Combine(folder, ".env");
        var dotEnv = dotEnvs.GetOrAdd(folder, _ => Load(path, reading));
        if (dotEnv is null) return null;
        foreach (var e in dotEnv.File.Errors) reading.ErrorOnce(new FileError(dotEnv.DisplayPath, e.Line, null, e.Message));
        if (dotEnv.TooLarge) reading.ErrorOnce(new FileError(dotEnv.DisplayPath, null, null, $"larger than {MaxDotEnvBytes:N0} bytes; not read"));
        return dotEnv;
    }

    private DotEnv? Load(string path, YamlReading reading)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        var display = DisplayPath(reading, path);
        if (info.Length > MaxDotEnvBytes) return new DotEnv(display, new DotEnvFile(new Dictionary<string, string>(), []), TooLarge: true);
        try
        {
            var text = File.ReadAllText(path);
            return new DotEnv(display, DotEnvFile.Parse(text, name => environment.GetValueOrDefault(name)), TooLarge: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DotEnv(display, new DotEnvFile(new Dictionary<string, string>(), [new DotEnvError(1, $"cannot read: {e.Message}")]), TooLarge: false);
        }
    }

    /// <summary>The <c>.env</c> path as reports name it, beside the compose file's display path.</summary>
    private static string DisplayPath(YamlReading reading, string path)
    {
        var displayFolder = Path.GetDirectoryName(reading.File.DisplayPath.Replace('/', Path.DirectorySeparatorChar)) ?? "";
        var relative = Path.GetRelativePath(reading.Folder, path);
        return Path.Combine(displayFolder, relative).Replace(Path.DirectorySeparatorChar, '/');
    }

    private sealed record DotEnv(string DisplayPath, DotEnvFile File, bool TooLarge);

    [GeneratedRegex(@"^\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<op>:?-)(?<default>[^${}]+)\}$")]
    private static partial Regex DefaultOnly();

    [GeneratedRegex(@"^\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))$")]
    private static partial Regex WholeVariable();
}
