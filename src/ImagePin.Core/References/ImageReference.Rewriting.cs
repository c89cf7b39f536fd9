using System.Diagnostics.CodeAnalysis;

namespace ImagePin.References;

/// <summary>New references with one part replaced, spliced into the text as written.</summary>
public sealed partial class ImageReference
{
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
}
