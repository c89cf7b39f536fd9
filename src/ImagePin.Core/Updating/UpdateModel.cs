using ImagePin.Freshness;

namespace ImagePin.Updating;

/// <summary>One pin whose digest was (or, in a dry run, would be) replaced. <see cref="Image"/> is the normalized name, without tag or digest.</summary>
internal sealed record UpdateChange(
    string File, int Line, int Column, string Image, string Tag,
    string OldDigest, string NewDigest,
    ImageCreated OldCreated, ImageCreated NewCreated,
    IReadOnlyList<PlatformChange> ChangedPlatforms, string? Note);

internal enum UpdateOutcomeKind
{
    /// <summary>Tag moved but the pin stays: cool-down, unchanged platforms, platform gone.</summary>
    Held,
    /// <summary>Could not be updated: the registry failed.</summary>
    RegistryFailure,
    /// <summary>Could not be updated: the file cannot be rewritten at that place.</summary>
    NotRewritable,
}

/// <summary>A pin left as it is, with the reason.</summary>
internal sealed record UpdateNotice(string File, int Line, int Column, string Image, string Message, UpdateOutcomeKind Kind);

internal sealed record UpdateResult(
    IReadOnlyList<UpdateChange> Changes,
    IReadOnlyList<UpdateNotice> Notices,
    IReadOnlyDictionary<string, string> Diffs,
    int PinsChecked,
    int FilesChanged);
