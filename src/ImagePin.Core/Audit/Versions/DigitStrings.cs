namespace ImagePin.Audit.Versions;

/// <summary>Numeric comparison of digit runs of any length, without parsing them into (overflowing) integers.</summary>
internal static class DigitStrings
{
    public static int Compare(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        left = left.TrimStart('0');
        right = right.TrimStart('0');
        if (left.Length != right.Length) return left.Length < right.Length ? -1 : 1;
        return Math.Sign(left.SequenceCompareTo(right));
    }

    public static int Compare(ReadOnlyMemory<char> left, ReadOnlyMemory<char> right) => Compare(left.Span, right.Span);

    public static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>The digits starting at <paramref name="index"/>, which moves past them.</summary>
    public static ReadOnlySpan<char> RunAt(ReadOnlySpan<char> text, ref int index)
    {
        var start = index;
        while (index < text.Length && char.IsAsciiDigit(text[index])) index++;
        return text[start..index];
    }
}
