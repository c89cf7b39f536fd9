namespace ImagePin.Editing;

/// <summary>Applies non-overlapping <see cref="TextEdit"/>s so that only the edited characters change.</summary>
internal static class TextEditor
{
    /// <exception cref="ArgumentException">An edit lies outside the text, or two edits overlap.</exception>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(edits);
        var sorted = Sorted(text.Length, edits);

        // One pass, front to back: linear in the text whatever the number of edits.
        var length = text.Length;
        foreach (var edit in sorted) length += edit.NewText.Length - edit.Length;
        var result = new System.Text.StringBuilder(length);
        var position = 0;
        foreach (var edit in sorted)
        {
            result.Append(text, position, edit.Start - position).Append(edit.NewText);
            position = edit.End;
        }
        result.Append(text, position, text.Length - position);

        var edited = result.ToString();
        VerifyUntouchedTextUnchanged(text, edited, sorted);
        return edited;
    }

    /// <summary>The edits in order, checked to lie inside the text and not to overlap.</summary>
    /// <exception cref="ArgumentException">An edit lies outside the text, or two edits overlap.</exception>
    internal static List<TextEdit> Sorted(int textLength, IEnumerable<TextEdit> edits)
    {
        var sorted = new List<TextEdit>();
        foreach (var edit in edits)
        {
            if (edit.NewText is null)
                throw new ArgumentException($"text edit at {edit.Start} has no new text (null)", nameof(edits));
            if (edit.Start < 0 || edit.Length < 0 || edit.Start > textLength - edit.Length)
                throw new ArgumentException(
                    $"text edit [{edit.Start}..{edit.Start + (long)edit.Length}) lies outside the text of length {textLength}", nameof(edits));
            sorted.Add(edit);
        }
        // Length as tie-breaker puts an insertion before a replacement starting at the same offset.
        sorted.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Length.CompareTo(b.Length));

        for (var i = 1; i < sorted.Count; i++)
        {
            var previous = sorted[i - 1];
            var current = sorted[i];
            if (previous.End > current.Start)
                throw new ArgumentException($"text edits overlap: {previous} and {current}", nameof(edits));
            // Two insertions at one offset have no defined order.
            if (previous.Length == 0 && current.Length == 0 && previous.Start == current.Start)
                throw new ArgumentException($"text edits overlap: two insertions at offset {current.Start}", nameof(edits));
        }
        return sorted;
    }

    /// <summary>Guards the promise that every character outside the edit ranges is byte-for-byte kept.</summary>
    private static void VerifyUntouchedTextUnchanged(string original, string edited, List<TextEdit> sorted)
    {
        var originalPosition = 0;
        var shift = 0;
        foreach (var edit in sorted)
        {
            RequireSame(original, originalPosition, edited, originalPosition + shift, edit.Start - originalPosition);
            if (string.CompareOrdinal(edited, edit.Start + shift, edit.NewText, 0, edit.NewText.Length) != 0)
                throw new InvalidOperationException($"text edit {edit} was not applied as requested");
            shift += edit.NewText.Length - edit.Length;
            originalPosition = edit.End;
        }
        RequireSame(original, originalPosition, edited, originalPosition + shift, original.Length - originalPosition);
        if (edited.Length != original.Length + shift)
            throw new InvalidOperationException("edited text has an unexpected length");
    }

    private static void RequireSame(string original, int originalStart, string edited, int editedStart, int length)
    {
        if (editedStart + length > edited.Length
            || string.CompareOrdinal(original, originalStart, edited, editedStart, length) != 0)
            throw new InvalidOperationException($"text outside the edits changed near offset {originalStart}");
    }
}
