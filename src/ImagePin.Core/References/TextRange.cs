namespace ImagePin.References;

/// <summary>A span of characters inside <see cref="ImageReference.Original"/>; <see cref="None"/> when the part is absent.</summary>
public readonly record struct TextRange(int Start, int Length)
{
    public static TextRange None { get; } = new(-1, 0);

    public bool IsPresent => Start >= 0;

    /// <summary>Index just past the range.</summary>
    public int End => Start + Length;

    internal static TextRange FromBounds(int start, int end) => new(start, end - start);

    public override string ToString() => IsPresent ? $"[{Start}..{End})" : "none";
}
