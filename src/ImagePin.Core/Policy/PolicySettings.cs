using ImagePin.Globs;
using ImagePin.References;

namespace ImagePin.Policy;

/// <summary>What a path rule asks of the references in its files.</summary>
public enum Requirement
{
    /// <summary>Every image pinned by digest (the default): tags, latest and untagged are findings.</summary>
    Digest,
    /// <summary>A tag is enough: tag-only references are no finding and pin leaves them; latest and untagged stay findings.</summary>
    Tag,
    /// <summary>Anything valid: tags, latest and untagged are no finding and pin leaves them.</summary>
    Any,
}

internal static class RequirementNames
{
    public static string Name(this Requirement requirement) => requirement switch
    {
        Requirement.Digest => "digest",
        Requirement.Tag => "tag",
        Requirement.Any => "any",
        _ => throw new ArgumentOutOfRangeException(nameof(requirement)),
    };

    public static bool TryParse(string text, out Requirement requirement)
    {
        foreach (var r in Enum.GetValues<Requirement>())
            if (r.Name() == text) { requirement = r; return true; }
        requirement = Requirement.Digest;
        return false;
    }
}

/// <summary>
/// One entry of the settings' <c>rules</c>: files whose path (relative to the settings file's folder) matches one of
/// <paramref name="Paths"/> get <paramref name="Require"/>. A pattern without '/' matches a name at any depth, as in
/// <c>ignore.paths</c> and <c>.gitignore</c>.
/// </summary>
/// <param name="Origin">Where it is written, <c>file:line:column</c>.</param>
internal sealed record PathRule(IReadOnlyList<Glob> Paths, Requirement Require, string Origin)
{
    public bool Matches(string relativePath)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        foreach (var glob in Paths)
            if (glob.IsMatch(glob.Pattern.Contains('/') ? relativePath : name)) return true;
        return false;
    }
}

/// <summary>
/// An image glob from the settings (<c>registries.allow</c>, <c>ignore.images</c>). <c>*</c> and <c>?</c> stay within
/// a path segment, <c>**</c> crosses them. It is tried against the fully qualified name
/// (<c>docker.io/library/alpine</c>) and the short one Docker shows (<c>alpine</c>, <c>my-org/app</c>), each with and
/// without the tag and digest as written.
/// </summary>
/// <param name="Origin">Where it is written, <c>file:line:column</c>.</param>
internal sealed record ImagePattern(Glob Glob, string Origin)
{
    public string Text => Glob.Pattern;

    public bool Matches(ImageReference reference) =>
        Glob.IsMatch(reference.Registry + "/" + reference.Repository) || Glob.IsMatch(reference.FullyQualified)
        || Glob.IsMatch(reference.FamiliarName) || Glob.IsMatch(reference.Familiar);

    public static ImagePattern? FirstMatch(IReadOnlyList<ImagePattern> patterns, ImageReference reference)
    {
        foreach (var p in patterns)
            if (p.Matches(reference)) return p;
        return null;
    }
}

/// <summary>The project's policy as the settings file and the command line state it; <see cref="ReferencePolicy"/> applies it.</summary>
internal sealed record PolicySettings
{
    public static PolicySettings Default { get; } = new();

    /// <summary>Rule ids not reported (<c>--ignore</c>, <c>ignore.rules</c>).</summary>
    public IReadOnlyCollection<string> IgnoredRules { get; init; } = [];

    /// <summary>The folder <see cref="PathRules"/> are relative to (the settings file's); null: no path rules apply.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>First match wins; files no rule matches require digests.</summary>
    public IReadOnlyList<PathRule> PathRules { get; init; } = [];

    /// <summary><c>registries.allow</c>: null when every registry is allowed.</summary>
    public IReadOnlyList<ImagePattern>? AllowedImages { get; init; }

    /// <summary><c>ignore.images</c>: suppressed as <c># imagepin:ignore</c> would.</summary>
    public IReadOnlyList<ImagePattern> IgnoredImages { get; init; } = [];

    /// <summary>Rule id → the severity that replaces its default (<c>severity:</c> in the settings).</summary>
    public IReadOnlyDictionary<string, Severity> Severities { get; init; } = new Dictionary<string, Severity>();
}
