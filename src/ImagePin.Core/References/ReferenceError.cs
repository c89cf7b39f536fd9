namespace ImagePin.References;

/// <summary>Why a reference, tag or digest was rejected; each kind matches one upstream error value.</summary>
public enum ReferenceErrorKind
{
    /// <summary>Upstream <c>ErrReferenceInvalidFormat</c>.</summary>
    InvalidFormat,
    /// <summary>Upstream <c>ErrNameEmpty</c>.</summary>
    NameEmpty,
    /// <summary>Upstream <c>ErrNameContainsUppercase</c>.</summary>
    NameContainsUppercase,
    /// <summary>Upstream <c>ErrNameTooLong</c>.</summary>
    NameTooLong,
    /// <summary>Upstream <c>ErrNameNotCanonical</c>.</summary>
    NameNotCanonical,
    /// <summary>A 64-hex-digit image ID used where a repository name is expected.</summary>
    NameIsIdentifier,
    /// <summary>Upstream <c>ErrTagInvalidFormat</c>.</summary>
    TagInvalidFormat,
    /// <summary>go-digest <c>ErrDigestInvalidFormat</c> (and reference's <c>ErrDigestInvalidFormat</c>).</summary>
    DigestInvalidFormat,
    /// <summary>go-digest <c>ErrDigestInvalidLength</c>.</summary>
    DigestInvalidLength,
    /// <summary>go-digest <c>ErrDigestUnsupported</c>.</summary>
    DigestUnsupported,
}

/// <summary>
/// A rejected reference: the kind, a message that starts with upstream's wording, and the
/// 0-based <see cref="Index"/> in the text where the problem was found (-1 when it is the text as a whole).
/// </summary>
public sealed record ReferenceError(ReferenceErrorKind Kind, string Message, int Index)
{
    internal static ReferenceError At(ReferenceErrorKind kind, int index, string? detail = null)
    {
        var message = UpstreamText(kind);
        if (detail != null) message += ": " + detail;
        if (index >= 0) message += $" (at character {index + 1})";
        return new ReferenceError(kind, message, index);
    }

    internal static ReferenceError Whole(ReferenceErrorKind kind, string? detail = null) => At(kind, -1, detail);

    /// <summary>The error text Docker, containerd and BuildKit print for this kind.</summary>
    internal static string UpstreamText(ReferenceErrorKind kind) => kind switch
    {
        ReferenceErrorKind.InvalidFormat => "invalid reference format",
        ReferenceErrorKind.NameEmpty => "repository name must have at least one component",
        ReferenceErrorKind.NameContainsUppercase => "repository name must be lowercase",
        ReferenceErrorKind.NameTooLong => $"repository name must not be more than {ReferenceGrammar.MaxPathLength} characters",
        ReferenceErrorKind.NameNotCanonical => "repository name must be canonical",
        ReferenceErrorKind.NameIsIdentifier => "invalid repository name, cannot specify 64-byte hexadecimal strings",
        ReferenceErrorKind.TagInvalidFormat => "invalid tag format",
        ReferenceErrorKind.DigestInvalidFormat => "invalid checksum digest format",
        ReferenceErrorKind.DigestInvalidLength => "invalid checksum digest length",
        ReferenceErrorKind.DigestUnsupported => "unsupported digest algorithm",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string ToString() => Message;
}
