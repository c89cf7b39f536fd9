namespace ImagePin.Sources;

/// <summary>
/// Where a digest can be written for one occurrence, computed by its source so that planners and editors
/// know nothing of file kinds.
/// </summary>
internal abstract record EditSite
{
    private EditSite() { }

    /// <summary>
    /// The expanded reference is written literally, character for character, at [<paramref name="Start"/>,
    /// <paramref name="Start"/> + <paramref name="Length"/>): a digest is inserted at its end, or its digest
    /// replaced in place, changing nothing else. When <paramref name="Definition"/> is set, those characters are
    /// not the occurrence's own but a definition it uses, which other occurrences may share.
    /// </summary>
    public sealed record Literal(int Start, int Length, Definition? Definition = null) : EditSite
    {
        public int End => Start + Length;
    }

    /// <summary>No digest can be written without changing what the file means; <paramref name="Reason"/> says why and what to do.</summary>
    public sealed record NotRewritable(string Reason) : EditSite
    {
        public static NotRewritable Unknown { get; } = new("its source gives no place to write a digest");
    }
}

/// <summary>
/// Text an occurrence uses that is defined elsewhere in the file: an <c>ARG</c> default, a YAML anchor that aliases
/// share. Occurrences that share one definition share an equal <see cref="Definition"/>.
/// </summary>
/// <param name="Name">How people name it, e.g. <c>ARG BASE</c>.</param>
/// <param name="ShownPrefix">What reports put before the defined text, e.g. <c>ARG BASE=</c>.</param>
/// <param name="Location">The defined text's characters.</param>
/// <param name="Text">Those characters, as written: reports show them without the file's text at hand.</param>
internal sealed record Definition(string Name, string ShownPrefix, TextLocation Location, string Text);
