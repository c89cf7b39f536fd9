namespace ImagePin.Audit.Versions;

/// <summary>
/// Debian package version ordering (Debian Policy 5.6.12): <c>[epoch:]upstream[-revision]</c>.
/// Total over any string, so a malformed version in a database never stops an audit.
/// </summary>
internal static class DpkgVersion
{
    public static int Compare(string? left, string? right)
    {
        var (leftEpoch, leftUpstream, leftRevision) = Split(left ?? "");
        var (rightEpoch, rightUpstream, rightRevision) = Split(right ?? "");
        var result = DigitStrings.Compare(leftEpoch, rightEpoch);
        if (result == 0) result = ComparePart(leftUpstream, rightUpstream);
        if (result == 0) result = ComparePart(leftRevision, rightRevision);
        return Math.Sign(result);
    }

    // The epoch runs to the first colon, the revision from the last hyphen; a missing
    // revision compares like "0", which the alternating comparison gives by itself.
    private static (ReadOnlyMemory<char> Epoch, ReadOnlyMemory<char> Upstream, ReadOnlyMemory<char> Revision) Split(string version)
    {
        var text = version.AsMemory().Trim();
        var epoch = ReadOnlyMemory<char>.Empty;
        var colon = text.Span.IndexOf(':');
        if (colon >= 0 && DigitStrings.IsAllDigits(text.Span[..colon]))
        {
            epoch = text[..colon];
            text = text[(colon + 1)..];
        }
        var hyphen = text.Span.LastIndexOf('-');
        return hyphen < 0 ? (epoch, text, ReadOnlyMemory<char>.Empty) : (epoch, text[..hyphen], text[(hyphen + 1)..]);
    }

    // Alternating non-digit and digit runs: non-digits by Order, digits numerically.
    private static int ComparePart(ReadOnlyMemory<char> leftMemory, ReadOnlyMemory<char> rightMemory)
    {
        var left = leftMemory.Span;
        var right = rightMemory.Span;
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            while ((i < left.Length && !char.IsAsciiDigit(left[i])) || (j < right.Length && !char.IsAsciiDigit(right[j])))
            {
                var a = Order(left, i);
                var b = Order(right, j);
                if (a != b) return a - b;
                i++;
                j++;
            }
            var leftDigits = DigitStrings.RunAt(left, ref i);
            var rightDigits = DigitStrings.RunAt(right, ref j);
            var numeric = DigitStrings.Compare(leftDigits, rightDigits);
            if (numeric != 0) return numeric;
        }
        return 0;
    }

    // '~' sorts before the end of a part, the end before letters, letters before other characters.
    private static int Order(ReadOnlySpan<char> text, int index)
    {
        if (index >= text.Length) return 0;
        var c = text[index];
        if (char.IsAsciiDigit(c)) return 0;
        if (char.IsAsciiLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }
}
