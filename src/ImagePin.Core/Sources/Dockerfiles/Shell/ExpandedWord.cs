namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>The result of expanding one word.</summary>
/// <param name="Value">The word after expansion and quote removal.</param>
/// <param name="Matched">Names the word referenced that had a value (possibly empty), as written in the word.</param>
/// <param name="Unmatched">
/// Names the word referenced that were unset, as written. Like BuildKit, this includes names whose
/// absence was covered by a default (<c>${BASE:-alpine}</c>) and names in defaults that were not used.
/// </param>
internal sealed record ExpandedWord(string Value, IReadOnlySet<string> Matched, IReadOnlySet<string> Unmatched);
