using ImagePin.Resolution;

namespace ImagePin.Pinning;

/// <summary>
/// One reference to pin: where the digest goes (an insertion, so no character of the file changes) and what
/// the reference looks like before and after. It holds only what pinning needs, taken from the judged reference, so
/// the scan's results can be let go once planned: a tree of 20,000 files is not held through the registry work.
/// </summary>
/// <param name="Document">The file's document (its text let go; read again, proven unchanged, at the rewrite).</param>
/// <param name="File">The reference's finding's file (display path), line and column.</param>
/// <param name="Index">The occurrence's index in <paramref name="Document"/>: the re-read file must have it at the same index.</param>
/// <param name="Expanded">The occurrence's text after expansion, which must read <c>Expanded + suffix</c> after the rewrite.</param>
/// <param name="Image">The fully qualified reference, as reports name it.</param>
/// <param name="InsertAt">Offset in the file text where <c>[:latest]@digest</c> is inserted.</param>
/// <param name="AddLatest">Untagged and implicit-latest references get <c>:latest</c> made explicit so update can follow it.</param>
/// <param name="Shown">The text the report shows before the change (the reference, or the definition that supplies it).</param>
/// <param name="ShownInsertAt">Where in <paramref name="Shown"/> the insertion goes.</param>
internal sealed record PinTarget(
    Sources.SourceDocument Document,
    string File,
    int Line,
    int Column,
    int Index,
    string Expanded,
    string Image,
    ImageKey Key,
    int InsertAt,
    bool AddLatest,
    string Shown,
    int ShownInsertAt)
{
    /// <summary>Where the edit is, when the reference's text is defined elsewhere (an ARG default, a YAML anchor).</summary>
    public Sources.TextLocation? DefinedAt { get; init; }

    /// <summary>Why only the multi-platform index can be pinned here (the platform is decided at build time), if so.</summary>
    public string? IndexOnly { get; init; }

    /// <summary>The platform the file itself asks for (<c>FROM --platform</c>), as written.</summary>
    public string? WrittenPlatform { get; init; }

    /// <summary>The platform whose manifest is pinned; null for the multi-platform index.</summary>
    public Registry.Oci.Platform? Platform { get; init; }

    /// <summary>Why the digest is not for the platform asked with --platform, when it is not.</summary>
    public string? Note { get; init; }

    public string Suffix(string digest) => (AddLatest ? ":latest" : "") + "@" + digest;

    public string After(string digest) => Shown.Insert(ShownInsertAt, Suffix(digest));
}

internal enum PinFailureKind
{
    /// <summary>Not rewritable as written (composed from variables, ARG used elsewhere, no such tag or platform…).</summary>
    NotPinnable,
    /// <summary>The registry or the network failed.</summary>
    Registry,
}

internal sealed record PinFailure(string File, int Line, int Column, string Image, string Error, PinFailureKind Kind);

/// <param name="InsertAt">Where in <paramref name="Before"/> <paramref name="Suffix"/> goes; <see cref="After"/> is made when asked for,
/// so a run over thousands of files does not hold every rewritten reference twice.</param>
internal sealed record PinChange(string File, int Line, int Column, string Before, int InsertAt, string Suffix, string Digest, string Image)
{
    public string After => Before.Insert(InsertAt, Suffix);

    /// <summary>Where the edit is, when the reference's text is defined elsewhere (an ARG default, a YAML anchor).</summary>
    public Sources.TextLocation? DefinedAt { get; init; }

    /// <summary>Why the digest is not for the platform asked with --platform, when it is not.</summary>
    public string? Note { get; init; }
}

internal sealed record PinResult(
    IReadOnlyList<PinChange> Changes,
    IReadOnlyList<PinFailure> Failures,
    IReadOnlyDictionary<string, byte[]> Diffs,
    int FilesChanged,
    int DistinctImages,
    int RegistryRequests);
