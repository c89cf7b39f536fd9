using ImagePin.Findings;
using ImagePin.References;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Pinning;

/// <summary>What to ask the registry: one per distinct image, however many places use it.</summary>
internal sealed record ResolveKey(string Registry, string Repository, string Tag)
{
    public override string ToString() => $"{Registry}/{Repository}:{Tag}";
}

/// <summary>
/// One reference to pin: where the digest goes (an insertion, so no character of the file changes) and what
/// the reference looks like before and after.
/// </summary>
/// <param name="Finding">How check judged <paramref name="Occurrence"/> (its file, line, column).</param>
/// <param name="InsertAt">Offset in the file text where <c>[:latest]@digest</c> is inserted.</param>
/// <param name="AddLatest">Untagged and implicit-latest references get <c>:latest</c> made explicit so update can follow it.</param>
/// <param name="Shown">The text the report shows before the change (the reference, or the ARG default).</param>
internal sealed record PinTarget(
    FileScanResult File,
    ImageOccurrence Occurrence,
    Finding Finding,
    ImageReference Reference,
    ResolveKey Key,
    int InsertAt,
    bool AddLatest,
    string Shown)
{
    public string Suffix(string digest) => (AddLatest ? ":latest" : "") + "@" + digest;
}

internal enum PinFailureKind
{
    /// <summary>Not rewritable as written (composed from variables, ARG used elsewhere, no such tag or platform…).</summary>
    NotPinnable,
    /// <summary>The registry or the network failed.</summary>
    Registry,
}

internal sealed record PinFailure(string File, int Line, int Column, string Image, string Error, PinFailureKind Kind);

internal sealed record PinChange(string File, int Line, int Column, string Before, string After, string Digest, string Image);

internal sealed record PinResult(
    IReadOnlyList<PinChange> Changes,
    IReadOnlyList<PinFailure> Failures,
    IReadOnlyDictionary<string, string> Diffs,
    int FilesChanged,
    int DistinctImages,
    int RegistryRequests);
