namespace ImagePin.Editing;

/// <summary>Replace <paramref name="Length"/> characters at <paramref name="Start"/> with <paramref name="NewText"/>.</summary>
internal readonly record struct TextEdit(int Start, int Length, string NewText)
{
    public int End => Start + Length;

    public override string ToString() => $"[{Start}..{End}) -> \"{NewText}\"";
}
