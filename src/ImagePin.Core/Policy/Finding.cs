using ImagePin.Classification;

namespace ImagePin.Policy;

/// <summary>One image reference found in a file and how the policy judged it.</summary>
/// <param name="File">Path relative to the working directory, with '/' separators.</param>
/// <param name="Line">1-based line of the first character of <paramref name="Text"/>.</param>
/// <param name="Column">1-based column of the first character of <paramref name="Text"/>.</param>
/// <param name="Kind">The source that found it, e.g. <c>dockerfile</c>.</param>
/// <param name="Context">Where in the file, named by the source, e.g. <c>from</c>.</param>
/// <param name="Text">Exactly what the file says at that place.</param>
/// <param name="Image">Fully normalized reference after expansion, or null when unknown.</param>
/// <param name="Rule">The rule the finding falls under; null for statuses that need no action.</param>
public sealed record Finding(
    string File,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Kind,
    string Context,
    string Text,
    string? Image,
    ReferenceStatus Status,
    Severity Severity,
    Rule? Rule,
    string Message)
{
    /// <summary>What the registry said about a pin (verify only).</summary>
    public PinFreshness? Freshness { get; init; }
}

/// <summary>Registry facts about a pinned reference, as verify reports them.</summary>
/// <param name="CurrentDigest">What the tag points to now (for a platform pin: that platform's manifest), when known.</param>
/// <param name="CreatedSource">Where the created times came from: "config" or "annotation".</param>
public sealed record PinFreshness(
    string? CurrentDigest,
    DateTimeOffset? PinnedCreated,
    DateTimeOffset? CurrentCreated,
    string? CreatedSource,
    string? Platform,
    TimeSpan? PinnedAge,
    TimeSpan? CurrentNewerBy);
