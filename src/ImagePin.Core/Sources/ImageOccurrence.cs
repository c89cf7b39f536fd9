using ImagePin.Findings;

namespace ImagePin.Sources;

/// <summary>What an occurrence names once variables are expanded.</summary>
internal enum OccurrenceTarget
{
    Image,
    Stage,
    Scratch,
    /// <summary>Depends on variables without a value (<see cref="ImageOccurrence.UnsetVariables"/>).</summary>
    Unresolved,
}

/// <summary>Start offset and length in the decoded file text, with 1-based positions of the first and last character.</summary>
internal readonly record struct TextLocation(int Start, int Length, int Line, int Column, int EndLine, int EndColumn);

/// <summary>One place in a file that names an image (or a stage / scratch in an image position).</summary>
/// <param name="Text">Exactly the characters at <see cref="Location"/>.</param>
/// <param name="Expanded">Text after variable expansion and quote removal; null when unresolved.</param>
/// <param name="Suppression">The reason of a <c># imagepin:ignore</c> comment ("" without one); null when not suppressed.</param>
internal sealed record ImageOccurrence(
    ReferenceContext Context,
    string Text,
    TextLocation Location,
    OccurrenceTarget Target,
    string? Expanded,
    IReadOnlyList<string> UnsetVariables,
    string? Suppression,
    string? ExpansionError = null)
{
    /// <summary>Set when the text is exactly one variable (<c>$BASE</c>, <c>${BASE}</c>) whose value came from an ARG default.</summary>
    public ArgDefault? WholeArg { get; init; }

    /// <summary>Why the name cannot be what it looks like (e.g. a stage index that does not exist); makes it invalid.</summary>
    public string? Problem { get; init; }

    /// <summary>Set when the text is exactly one variable whose value came from elsewhere (a --build-arg, an ENV); the name.</summary>
    public string? WholeVariableWithoutDefault { get; init; }
}
