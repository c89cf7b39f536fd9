using System.Diagnostics.CodeAnalysis;

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
public sealed class ImageReference
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
    /// Parses as the Docker CLI does (upstream <c>ParseNormalizedNamed</c>): the first part is a registry
    /// only if it is <c>localhost</c>, contains '.' or ':', or has upper case; otherwise <c>docker.io</c> is
    /// used and single names get <c>library/</c>. <c>index.docker.io</c> becomes <c>docker.io</c>.
    /// </summary>
    /// <remarks>
    /// One deliberate difference from upstream: when the part taken for the registry is not a valid
    /// host but is a valid path (e.g. <c>my_registry.com/app</c>), upstream returns a name with no
    /// domain at all; here it is rejected, because such an image cannot be pulled from anywhere.
    /// </remarks>
    public static bool TryParseNormalized(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out ReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        if (text.Length == 0)
        {
            error = ReferenceError.Whole(ReferenceErrorKind.InvalidFormat, "the reference is empty");
            return false;
        }
        if (ReferenceGrammar.IsIdentifier(text))
        {
            error = ReferenceError.Whole(ReferenceErrorKind.NameIsIdentifier, $"\"{text}\" is an image ID, not a repository name");
            return false;
        }

        var split = DockerHubNames.SplitDomain(text);
        // Docker checks the repository (up to the first ':') for upper case before the grammar.
        var remoteEnd = text.IndexOf(':', split.RemainderStart);
        var remote = text.AsSpan(split.RemainderStart, (remoteEnd < 0 ? text.Length : remoteEnd) - split.RemainderStart);
        var upper = DockerHubNames.FirstUpperCase(remote);
        if (upper >= 0)
        {
            error = ReferenceError.At(ReferenceErrorKind.NameContainsUppercase, split.RemainderStart + upper,
                $"\"{remote}\" contains {ReferenceGrammar.Describe(remote[upper])}");
            return false;
        }
        if (!ReferenceGrammar.IsDomainAndPort(split.Domain))
        {
            error = ReferenceError.At(ReferenceErrorKind.InvalidFormat, 0, $"\"{split.Domain}\" is not a valid registry host");
            return false;
        }

        var domainEnd = split.RemainderStart > 0 ? split.RemainderStart - 1 : -1;
        if (!ReferenceGrammar.TryScanRemainder(text, domainEnd, split.RemainderStart, foldCase: false, out var layout, out var failure))
        {
            error = GrammarError(text, failure, ReferenceGrammar.TryScanRemainder(text, domainEnd, split.RemainderStart, foldCase: true, out _, out _));
            return false;
        }
        var prefix = split.AddsOfficialPrefix ? DockerHubNames.OfficialPrefix : "";
        error = CheckLengthAndDigest(text, layout, prefix.Length);
        if (error != null) return false;

        reference = Create(text, layout, split.Domain, string.Concat(prefix, text.AsSpan(layout.PathStart, layout.PathEnd - layout.PathStart)), isNormalized: true);
        return true;
    }

    /// <summary>
    /// Parses strictly, with no normalization (upstream <c>Parse</c>): no <c>docker.io</c>, no
    /// <c>library/</c>, and the first of two or more parts is the domain whenever it fits the host grammar.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out ReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        if (text.Length == 0)
        {
            error = ReferenceError.Whole(ReferenceErrorKind.NameEmpty);
            return false;
        }
        if (!ReferenceGrammar.TryScanReference(text, foldCase: false, out var layout, out var failure))
        {
            error = GrammarError(text, failure, ReferenceGrammar.TryScanReference(text, foldCase: true, out _, out _));
            return false;
        }
        error = CheckLengthAndDigest(text, layout, 0);
        if (error != null) return false;

        reference = Create(text, layout, layout.HasDomain ? text[..layout.DomainEnd] : null, text[layout.PathStart..layout.PathEnd], isNormalized: false);
        return true;
    }

    /// <summary>A repository name alone, parsed strictly (upstream <c>WithName</c>); a tag or digest is an error.</summary>
    internal static bool TryParseName(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out ReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        if (!ReferenceGrammar.TryScanName(text, out var layout, out var failure))
        {
            error = ReferenceError.At(ReferenceErrorKind.InvalidFormat, failure.Index, failure.Detail);
            return false;
        }
        error = CheckLengthAndDigest(text, layout, 0);
        if (error != null) return false;
        reference = Create(text, layout, layout.HasDomain ? text[..layout.DomainEnd] : null, text[layout.PathStart..layout.PathEnd], isNormalized: false);
        return true;
    }

    /// <summary>Accepts only text already in canonical form, e.g. <c>docker.io/library/foo</c> (upstream <c>ParseNamed</c>).</summary>
    internal static bool TryParseCanonical(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out ReferenceError? error)
    {
        if (!TryParseNormalized(text, out reference, out error)) return false;
        var canonical = reference.ToString();
        if (canonical == text) return true;
        reference = null;
        error = ReferenceError.Whole(ReferenceErrorKind.NameNotCanonical, $"write \"{canonical}\"");
        return false;
    }

    /// <summary>
    /// What Docker resolves (upstream <c>ParseDockerRef</c>): normalized, <c>:latest</c> added when there is
    /// neither tag nor digest, and the tag dropped when a digest is present.
    /// </summary>
    internal static bool TryParseDockerReference(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out ReferenceError? error)
    {
        if (!TryParseNormalized(text, out reference, out error)) return false;
        if (reference.Digest is not null)
        {
            if (reference.Tag is not null) reference = reference.WithoutTag();
        }
        else if (reference.Tag is null)
        {
            reference = reference.WithTag(DefaultTag);
        }
        return true;
    }

    /// <summary>
    /// A bare image ID, a digest, or else a normalized name (upstream <c>ParseAnyReference</c>).
    /// Exactly one of <paramref name="named"/> and <paramref name="digestOnly"/> is set on success.
    /// </summary>
    internal static bool TryParseAny(string text, out ImageReference? named, out Digest? digestOnly, [NotNullWhen(false)] out ReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        named = null;
        digestOnly = null;
        if (ReferenceGrammar.IsIdentifier(text))
        {
            digestOnly = new Digest("sha256", text);
            error = null;
            return true;
        }
        if (References.Digest.TryParse(text, out var digest, out _))
        {
            digestOnly = digest;
            error = null;
            return true;
        }
        return TryParseNormalized(text, out named, out error);
    }

    /// <summary>The same reference with <paramref name="tag"/> in place of its tag (or added before the digest).</summary>
    /// <exception cref="ArgumentException">The tag is not valid.</exception>
    public ImageReference WithTag(string tag) =>
        TryWithTag(tag, out var result, out var error) ? result : throw new ArgumentException(error.Message, nameof(tag));

    internal bool TryWithTag(string tag, [NotNullWhen(true)] out ImageReference? result, [NotNullWhen(false)] out ReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(tag);
        result = null;
        if (!ReferenceGrammar.IsTag(tag, out var failure))
        {
            error = ReferenceError.At(ReferenceErrorKind.TagInvalidFormat, failure.Index, failure.Detail);
            return false;
        }
        var head = Original[..NameRange.End] + ":";
        var digestPart = DigestRange.IsPresent ? Original[(DigestRange.Start - 1)..] : "";
        var digestRange = DigestRange.IsPresent ? new TextRange(head.Length + tag.Length + 1, DigestRange.Length) : TextRange.None;
        result = new ImageReference(head + tag + digestPart, Domain, Path, tag, Digest,
            NameRange, new TextRange(head.Length, tag.Length), digestRange, Registry, Repository);
        error = null;
        return true;
    }

    /// <summary>
    /// The same reference with <paramref name="digest"/> in place of its digest (or added after the tag).
    /// Like upstream, only the digest grammar is checked here, not the algorithm's length; use
    /// <see cref="References.Digest.TryParse"/> to validate untrusted digests first.
    /// </summary>
    /// <exception cref="ArgumentException">The digest does not fit the digest grammar.</exception>
    public ImageReference WithDigest(Digest digest) =>
        TryWithDigest(digest, out var result, out var error) ? result : throw new ArgumentException(error.Message, nameof(digest));

    internal bool TryWithDigest(Digest digest, [NotNullWhen(true)] out ImageReference? result, [NotNullWhen(false)] out ReferenceError? error)
    {
        result = null;
        if (!digest.MatchesGrammar())
        {
            error = ReferenceError.Whole(ReferenceErrorKind.DigestInvalidFormat, $"\"{digest}\" is not algorithm:hex with at least {ReferenceGrammar.MinDigestHexLength} hex digits");
            return false;
        }
        var head = Original[..(TagRange.IsPresent ? TagRange.End : NameRange.End)] + "@";
        var digestText = digest.ToString();
        result = new ImageReference(head + digestText, Domain, Path, Tag, digest,
            NameRange, TagRange, new TextRange(head.Length, digestText.Length), Registry, Repository);
        error = null;
        return true;
    }

    private ImageReference WithoutTag()
    {
        var head = Original[..NameRange.End];
        var digestPart = DigestRange.IsPresent ? Original[(DigestRange.Start - 1)..] : "";
        var digestRange = DigestRange.IsPresent ? new TextRange(head.Length + 1, DigestRange.Length) : TextRange.None;
        return new ImageReference(head + digestPart, Domain, Path, null, Digest, NameRange, TextRange.None, digestRange, Registry, Repository);
    }

    /// <summary>
    /// Upstream <c>FamiliarMatch</c>: the glob (Go <c>path.Match</c>) against <see cref="Familiar"/>, then against
    /// <see cref="FamiliarName"/>. Returns false when the pattern is malformed.
    /// </summary>
    internal bool TryMatchFamiliar(string pattern, out bool matched)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        matched = false;
        if (!GoPathPattern.IsValid(pattern)) return false;
        matched = GoPathPattern.Matches(pattern, Familiar) || GoPathPattern.Matches(pattern, FamiliarName);
        return true;
    }

    private static ImageReference Create(string text, ReferenceLayout layout, string? domain, string path, bool isNormalized)
    {
        // A strictly parsed name still has a registry: the one Docker would resolve it to.
        var (registry, repository) = isNormalized
            ? (domain!, path)
            : DockerHubNames.RegistryAndRepository(domain is null ? path : domain + "/" + path);
        return new(text, domain, path,
            layout.HasTag ? text[layout.TagStart..layout.TagEnd] : null,
            layout.HasDigest ? new Digest(text[layout.DigestStart..layout.AlgorithmEnd], text[(layout.AlgorithmEnd + 1)..]) : null,
            TextRange.FromBounds(0, layout.PathEnd),
            layout.HasTag ? TextRange.FromBounds(layout.TagStart, layout.TagEnd) : TextRange.None,
            layout.HasDigest ? TextRange.FromBounds(layout.DigestStart, text.Length) : TextRange.None,
            registry, repository);
    }

    /// <summary>
    /// Upstream reports upper case only when the lower-cased text would have parsed;
    /// <paramref name="parsesLowerCased"/> says whether it does.
    /// </summary>
    private static ReferenceError GrammarError(string text, GrammarFailure failure, bool parsesLowerCased) =>
        parsesLowerCased
            ? ReferenceError.At(ReferenceErrorKind.NameContainsUppercase, failure.Index,
                failure.Index < text.Length ? $"found {ReferenceGrammar.Describe(text[failure.Index])}" : null)
            : ReferenceError.At(ReferenceErrorKind.InvalidFormat, failure.Index, failure.Detail);

    /// <summary>The path length limit (counting a <c>library/</c> that normalization adds) and go-digest's algorithm checks.</summary>
    private static ReferenceError? CheckLengthAndDigest(string text, ReferenceLayout layout, int addedPrefixLength)
    {
        var pathLength = layout.PathEnd - layout.PathStart + addedPrefixLength;
        if (pathLength > ReferenceGrammar.MaxPathLength)
            return ReferenceError.At(ReferenceErrorKind.NameTooLong, layout.PathStart, $"the repository path is {pathLength} characters long");
        if (!layout.HasDigest) return null;
        return References.Digest.Validate(text.AsSpan(layout.DigestStart, layout.AlgorithmEnd - layout.DigestStart),
            text.AsSpan(layout.AlgorithmEnd + 1), layout.DigestStart);
    }
}
