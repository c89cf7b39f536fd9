using System.Diagnostics.CodeAnalysis;

namespace ImagePin.References;

/// <summary>The parse entry points, one per upstream function.</summary>
public sealed partial class ImageReference
{
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
            // Upstream then reads the whole text as a path, and reports upper case if lower-casing would make that valid.
            var validAsPath = ReferenceGrammar.TryScanRemainder(text, -1, 0, foldCase: false, out _, out var pathFailure);
            error = !validAsPath && ReferenceGrammar.TryScanRemainder(text, -1, 0, foldCase: true, out _, out _)
                ? GrammarError(text, pathFailure, parsesLowerCased: true)
                : ReferenceError.At(ReferenceErrorKind.InvalidFormat, 0, $"\"{split.Domain}\" is not a valid registry host");
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
