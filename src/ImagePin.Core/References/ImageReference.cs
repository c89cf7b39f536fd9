namespace ImagePin.References;

/// <summary>
/// An immutable container image reference, <c>[domain/]path[:tag][@digest]</c>, parsed exactly as
/// Go's distribution/reference (shared by Docker, containerd and BuildKit) parses it.
/// </summary>
/// <remarks>
/// <see cref="Original"/> keeps the text as the user wrote it, and the ranges locate the name, tag and
/// digest inside it, so a rewrite can replace one part without touching the user's spelling.
/// References made by <see cref="WithTag"/> or <see cref="WithDigest"/> have that part spliced into
/// <see cref="Original"/> and everything else kept as written.
/// </remarks>
public sealed partial class ImageReference
{
    private const string DefaultTag = "latest";

    private string? _name;

    private ImageReference(string original, string? domain, string path, string? tag, Digest? digest,
        TextRange nameRange, TextRange tagRange, TextRange digestRange, string registry, string repository)
    {
        Original = original;
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
        NameRange = nameRange;
        TagRange = tagRange;
        DigestRange = digestRange;
        Registry = registry;
        Repository = repository;
    }

    /// <summary>The reference exactly as written.</summary>
    public string Original { get; }

    /// <summary>The registry host and port: as written (<see cref="TryParse"/>, may be absent) or normalized (<see cref="TryParseNormalized"/>).</summary>
    public string? Domain { get; }

    /// <summary>The repository path after the domain, e.g. <c>library/python</c> when normalized.</summary>
    public string Path { get; }

    /// <summary><see cref="Domain"/>/<see cref="Path"/>, or the path alone when there is no domain.</summary>
    public string Name => _name ??= Domain is null ? Path : Domain + "/" + Path;

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>Where the name (domain and path) is written in <see cref="Original"/>; it always starts at 0.</summary>
    public TextRange NameRange { get; }

    /// <summary>Where the tag is written in <see cref="Original"/>, without its ':'.</summary>
    public TextRange TagRange { get; }

    /// <summary>Where the digest is written in <see cref="Original"/>, without its '@'.</summary>
    public TextRange DigestRange { get; }

    /// <summary>The registry host Docker contacts, e.g. <c>docker.io</c>; for a strictly parsed reference, where Docker would resolve its name.</summary>
    public string Registry { get; }

    /// <summary>The repository on <see cref="Registry"/>, e.g. <c>library/python</c>.</summary>
    public string Repository { get; }

    /// <summary>Registry, repository, tag and digest, e.g. <c>docker.io/library/python:3.12@sha256:…</c>; no <c>:latest</c> is added.</summary>
    public string FullyQualified => Registry + "/" + Repository + TagAndDigestSuffix();

    /// <summary>The short repository name Docker shows, e.g. <c>python</c> or <c>ghcr.io/org/app</c>.</summary>
    public string FamiliarName => DockerHubNames.FamiliarName(Registry, Repository);

    /// <summary>The short form with tag and digest, e.g. <c>python:3.12@sha256:…</c>.</summary>
    public string Familiar => FamiliarName + TagAndDigestSuffix();

    /// <summary><c>name[:tag][@digest]</c> with the name as parsed (upstream's <c>String()</c>).</summary>
    public override string ToString() => Name + TagAndDigestSuffix();

    private string TagAndDigestSuffix() =>
        (Tag is null ? "" : ":" + Tag) + (Digest is { } digest ? "@" + digest : "");

    /// <summary>
    /// Upstream <c>FamiliarMatch</c>: the glob (Go <c>path.Match</c>) against <see cref="Familiar"/>, then against
    /// <see cref="FamiliarName"/>. Returns false when the pattern is malformed.
    /// </summary>
    internal bool TryMatchFamiliar(string pattern, out bool matched)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        matched = false;
        if (!Globs.Glob.TryParse(pattern, Globs.GlobSyntax.GoPath, out var glob, out _)) return false;
        matched = glob!.IsMatch(Familiar) || glob.IsMatch(FamiliarName);
        return true;
    }
}
