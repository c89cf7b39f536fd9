namespace ImagePin.Sources;

/// <summary>What an occurrence names once variables are expanded.</summary>
internal enum OccurrenceTarget
{
    Image,
    /// <summary>An earlier build stage of the same file.</summary>
    Stage,
    Scratch,
    /// <summary>An image the file itself builds (e.g. a Compose service with <c>build:</c>), not one it pulls.</summary>
    Built,
    /// <summary>Depends on variables without a value (<see cref="ImageOccurrence.UnsetVariables"/>).</summary>
    Unresolved,
}

/// <summary>Start offset and length in the decoded file text, with 1-based positions of the first and last character.</summary>
internal readonly record struct TextLocation(int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    public int End => Start + Length;

    public bool Contains(int offset) => offset >= Start && offset < End;
}

/// <summary>One place in a file that names an image (or a stage / scratch in an image position).</summary>
/// <param name="Context">Where in the file, named by the source (<c>from</c>, <c>copy-from</c>, <c>image</c>…); the JSON <c>context</c>.</param>
/// <param name="Text">Exactly the characters at <see cref="Location"/>.</param>
/// <param name="Expanded">Text after variable expansion and quote removal; null when unresolved.</param>
/// <param name="Suppression">The reason of a <c># imagepin:ignore</c> comment ("" without one); null when not suppressed.</param>
internal sealed record ImageOccurrence(
    string Context,
    string Text,
    TextLocation Location,
    OccurrenceTarget Target,
    string? Expanded,
    IReadOnlyList<string> UnsetVariables,
    string? Suppression,
    string? ExpansionError = null)
{
    /// <summary>Why the name cannot be what it looks like (e.g. a stage index that does not exist); makes it invalid.</summary>
    public string? Problem { get; init; }

    /// <summary>Where a digest can be written for this reference, as the source sees it.</summary>
    public EditSite Edit { get; init; } = EditSite.NotRewritable.Unknown;

    /// <summary>The source's advice for giving <see cref="UnsetVariables"/> a value (e.g. "give the ARG a default or pass --build-arg X=…").</summary>
    public string? UnsetAdvice { get; init; }

    /// <summary>What the target is, in the source's words, for stages and built images (e.g. "a build stage of this Dockerfile").</summary>
    public string? TargetDescription { get; init; }

    /// <summary>The platform the file itself asks this image to be pulled for (<c>FROM --platform=linux/arm64</c>); null when it does not say.</summary>
    public string? Platform { get; init; }

    /// <summary>
    /// Why only a multi-platform digest fits this reference, whatever platform pin is asked for: its platform is
    /// decided at build time (<c>FROM --platform=$BUILDPLATFORM</c>) or it runs on the build machine (the syntax frontend).
    /// </summary>
    public string? IndexOnly { get; init; }
}
