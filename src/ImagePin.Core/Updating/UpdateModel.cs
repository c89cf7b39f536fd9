using ImagePin.Freshness;

namespace ImagePin.Updating;

/// <summary>One pin whose digest was (or, in a dry run, would be) replaced. <see cref="Name"/> is the normalized name, without tag or digest.</summary>
internal sealed record UpdateChange(
    string File, int Line, int Column, string Name, string Tag,
    string OldDigest, string NewDigest,
    ImageCreated OldCreated, ImageCreated NewCreated,
    IReadOnlyList<PlatformChange> ChangedPlatforms, string? Note)
{
    /// <summary>The JSON <c>image</c>: the reference as the file named it before the update.</summary>
    public string Image => $"{Name}:{Tag}@{OldDigest}";
}

internal enum UpdateOutcomeKind
{
    /// <summary>Tag moved but the pin stays: cool-down, unchanged platforms, platform gone.</summary>
    Held,
    /// <summary>Could not be updated: the registry failed.</summary>
    RegistryFailure,
    /// <summary>Could not be updated: the file cannot be rewritten at that place.</summary>
    NotRewritable,
    /// <summary>Could not be updated: the registry says the repository, tag or platform does not exist (as pin's not-pinnable).</summary>
    NotFound,
}

/// <summary>A pin left as it is, with the reason.</summary>
/// <param name="Image">The pinned reference, fully normalized (the JSON <c>image</c>).</param>
/// <param name="Shown">How the text report names it: <c>name:tag</c>.</param>
internal sealed record UpdateNotice(string File, int Line, int Column, string Image, string Shown, string Message, UpdateOutcomeKind Kind);

internal sealed record UpdateResult(
    IReadOnlyList<UpdateChange> Changes,
    IReadOnlyList<UpdateNotice> Notices,
    IReadOnlyDictionary<string, byte[]> Diffs,
    int PinsChecked,
    int FilesChanged);
