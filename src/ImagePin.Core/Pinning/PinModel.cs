using ImagePin.Policy;
using ImagePin.References;
using ImagePin.Resolution;
using ImagePin.Scanning;

namespace ImagePin.Pinning;

/// <summary>
/// One reference to pin: where the digest goes (an insertion, so no character of the file changes) and what
/// the reference looks like before and after.
/// </summary>
/// <param name="Judged">The reference with its finding (file, line, column).</param>
/// <param name="InsertAt">Offset in the file text where <c>[:latest]@digest</c> is inserted.</param>
/// <param name="AddLatest">Untagged and implicit-latest references get <c>:latest</c> made explicit so update can follow it.</param>
/// <param name="Shown">The text the report shows before the change (the reference, or the definition that supplies it).</param>
/// <param name="ShownInsertAt">Where in <paramref name="Shown"/> the insertion goes.</param>
internal sealed record PinTarget(
    ScannedFile File,
    JudgedReference Judged,
    ImageReference Reference,
    ImageKey Key,
    int InsertAt,
    bool AddLatest,
    string Shown,
    int ShownInsertAt)
{
    public Finding Finding => Judged.Finding;

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
