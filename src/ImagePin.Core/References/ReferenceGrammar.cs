namespace ImagePin.References;

/// <summary>Where the parts of a reference lie in its text; -1 marks an absent part.</summary>
internal readonly record struct ReferenceLayout(int DomainEnd, int PathStart, int PathEnd, int TagStart, int TagEnd, int DigestStart, int AlgorithmEnd)
{
    public bool HasDomain => DomainEnd >= 0;
    public bool HasTag => TagStart >= 0;
    public bool HasDigest => DigestStart >= 0;
}

/// <summary>The place and reason the grammar stopped matching.</summary>
internal readonly record struct GrammarFailure(int Index, string Detail);

/// <summary>
/// A hand-written, allocation-free scanner for the distribution/reference grammar
/// <c>[domain '/'] path [':' tag] ['@' digest]</c>. It accepts exactly what upstream's anchored
/// regular expressions accept; the length and digest-algorithm rules are applied by the callers.
/// </summary>
/// <remarks>
/// The domain needs no backtracking: it can only be the text before the first '/', because no
/// later part may contain '/'. When that text is a valid host it is the domain, as upstream's
/// leftmost-first regex prefers the optional domain group.
/// </remarks>
internal static class ReferenceGrammar
{
    internal const int MaxPathLength = 255;
    internal const int MaxTagLength = 128;
    internal const int MinDigestHexLength = 32;
    internal const int IdentifierLength = 64;

    /// <summary>Matches a whole reference, choosing the domain by the grammar alone.</summary>
    /// <param name="foldCase">Read the text lower-cased, as upstream retries a failed parse to detect upper case.</param>
    internal static bool TryScanReference(ReadOnlySpan<char> text, bool foldCase, out ReferenceLayout layout, out GrammarFailure failure)
    {
        var slash = text.IndexOf('/');
        if (slash > 0 && IsDomainAndPort(text[..slash]))
            return TryScanRemainder(text, slash, slash + 1, foldCase, out layout, out failure);
        return TryScanRemainder(text, -1, 0, foldCase, out layout, out failure);
    }

    /// <summary>Matches <c>path [':' tag] ['@' digest]</c> from <paramref name="pathStart"/> to the end of the text.</summary>
    internal static bool TryScanRemainder(ReadOnlySpan<char> text, int domainEnd, int pathStart, bool foldCase, out ReferenceLayout layout, out GrammarFailure failure)
    {
        layout = default;
        var position = pathStart;
        if (!TryScanPath(text, ref position, foldCase, out failure)) return false;
        var pathEnd = position;

        int tagStart = -1, tagEnd = -1;
        if (position < text.Length && text[position] == ':')
        {
            tagStart = ++position;
            if (!TryScanTag(text, ref position, foldCase, out failure)) return false;
            tagEnd = position;
        }

        int digestStart = -1, algorithmEnd = -1;
        if (position < text.Length && text[position] == '@')
        {
            digestStart = ++position;
            if (!TryScanDigest(text, ref position, out algorithmEnd, out failure)) return false;
        }

        if (position < text.Length)
        {
            failure = new GrammarFailure(position, Describe(text[position]) + " is not allowed here");
            return false;
        }
        layout = new ReferenceLayout(domainEnd, pathStart, pathEnd, tagStart, tagEnd, digestStart, algorithmEnd);
        failure = default;
        return true;
    }

    /// <summary>
    /// Path components of lowercase letters and digits, joined inside a component by one '.',
    /// one or two '_', or any run of '-', and separated from each other by '/'.
    /// </summary>
    private static bool TryScanPath(ReadOnlySpan<char> text, ref int position, bool foldCase, out GrammarFailure failure)
    {
        while (true)
        {
            if (!TrySkipAlphanumerics(text, ref position, foldCase, "a path component must start with a lowercase letter or digit", out failure))
                return false;
            while (position < text.Length)
            {
                var c = text[position];
                if (c == '.') position++;
                else if (c == '_') position += position + 1 < text.Length && text[position + 1] == '_' ? 2 : 1;
                else if (c == '-') { while (position < text.Length && text[position] == '-') position++; }
                else break;
                if (!TrySkipAlphanumerics(text, ref position, foldCase, "a separator must be followed by a lowercase letter or digit", out failure))
                    return false;
            }
            if (position < text.Length && text[position] == '/')
            {
                position++;
                continue;
            }
            failure = default;
            return true;
        }
    }

    private static bool TrySkipAlphanumerics(ReadOnlySpan<char> text, ref int position, bool foldCase, string expectation, out GrammarFailure failure)
    {
        var start = position;
        while (position < text.Length && IsPathAlphanumeric(text[position], foldCase)) position++;
        if (position > start)
        {
            failure = default;
            return true;
        }
        failure = new GrammarFailure(position, position == text.Length
            ? expectation + ", but the name ends"
            : char.IsAsciiLetterUpper(text[position])
                ? $"upper-case {Describe(text[position])} in the repository path"
                : $"{expectation}, not {Describe(text[position])}");
        return false;
    }

    private static bool IsPathAlphanumeric(char c, bool foldCase) =>
        char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)
        || (foldCase && (char.IsAsciiLetterUpper(c) || (c > 0x7F && char.IsAsciiLetterLower(char.ToLowerInvariant(c)))));

    /// <summary><c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>, ending at '@' or the end of the text.</summary>
    private static bool TryScanTag(ReadOnlySpan<char> text, ref int position, bool foldCase, out GrammarFailure failure)
    {
        var start = position;
        if (position == text.Length)
        {
            failure = new GrammarFailure(position, "the tag after ':' is empty");
            return false;
        }
        if (!IsWordCharacter(text[position], foldCase))
        {
            failure = new GrammarFailure(position, $"a tag must start with a letter, digit or '_', not {Describe(text[position])}");
            return false;
        }
        position++;
        while (position < text.Length && (IsWordCharacter(text[position], foldCase) || text[position] is '.' or '-')) position++;
        if (position - start > MaxTagLength)
        {
            failure = new GrammarFailure(start, $"the tag is {position - start} characters long; at most {MaxTagLength} are allowed");
            return false;
        }
        failure = default;
        return true;
    }

    private static bool IsWordCharacter(char c, bool foldCase) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (foldCase && c > 0x7F && char.IsAsciiLetterLower(char.ToLowerInvariant(c)));

    /// <summary>
    /// <c>algorithm ':' hex</c> to the end of the text: algorithm components <c>[A-Za-z][A-Za-z0-9]*</c>
    /// joined by one of <c>-_+.</c>, then at least 32 hex digits of either case.
    /// </summary>
    internal static bool TryScanDigest(ReadOnlySpan<char> text, ref int position, out int algorithmEnd, out GrammarFailure failure)
    {
        algorithmEnd = -1;
        while (true)
        {
            if (position == text.Length || !char.IsAsciiLetter(text[position]))
            {
                failure = new GrammarFailure(position, position == text.Length
                    ? "the digest algorithm is missing or incomplete"
                    : $"a digest algorithm part must start with a letter, not {Describe(text[position])}");
                return false;
            }
            position++;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position])) position++;
            if (position < text.Length && text[position] is '-' or '_' or '+' or '.')
            {
                position++;
                continue;
            }
            break;
        }
        if (position == text.Length || text[position] != ':')
        {
            failure = new GrammarFailure(position, position == text.Length
                ? "the digest has no ':' before its hex value"
                : $"{Describe(text[position])} is not allowed in a digest algorithm");
            return false;
        }
        algorithmEnd = position++;
        var hexStart = position;
        while (position < text.Length && char.IsAsciiHexDigit(text[position])) position++;
        if (position < text.Length)
        {
            failure = new GrammarFailure(position, $"{Describe(text[position])} is not a hex digit");
            return false;
        }
        if (position - hexStart < MinDigestHexLength)
        {
            failure = new GrammarFailure(hexStart, $"the digest has {position - hexStart} hex digits; at least {MinDigestHexLength} are required");
            return false;
        }
        failure = default;
        return true;
    }

    /// <summary>
    /// A registry host with an optional numeric port: DNS-style labels (which covers IPv4) or a
    /// bracketed IPv6 address of hex digits and colons (no zone, no embedded IPv4).
    /// </summary>
    internal static bool IsDomainAndPort(ReadOnlySpan<char> text)
    {
        int position;
        if (text.Length > 0 && text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 2 || text[1..close].IndexOfAnyExcept(Ipv6Characters) >= 0) return false;
            position = close + 1;
        }
        else
        {
            position = 0;
            while (true)
            {
                var labelStart = position;
                while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '-')) position++;
                if (position == labelStart || text[labelStart] == '-' || text[position - 1] == '-') return false;
                if (position < text.Length && text[position] == '.')
                {
                    position++;
                    continue;
                }
                break;
            }
        }
        if (position == text.Length) return true;
        if (text[position] != ':' || position + 1 == text.Length) return false;
        return text[(position + 1)..].IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static readonly System.Buffers.SearchValues<char> Ipv6Characters =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:");

    /// <summary>A bare 64-hex-digit image ID (lowercase only), which must not be taken for a repository name.</summary>
    internal static bool IsIdentifier(ReadOnlySpan<char> text) =>
        text.Length == IdentifierLength && text.IndexOfAnyExcept(LowercaseHexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> LowercaseHexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Matches a repository name alone: <c>[domain '/'] path</c>, no tag or digest.</summary>
    internal static bool TryScanName(ReadOnlySpan<char> text, out ReferenceLayout layout, out GrammarFailure failure)
    {
        if (!TryScanReference(text, foldCase: false, out layout, out failure)) return false;
        if (layout.PathEnd == text.Length) return true;
        failure = new GrammarFailure(layout.PathEnd, "a repository name cannot have a tag or digest");
        return false;
    }

    /// <summary>A whole string that is a repository path (no domain, tag or digest), within the length limit.</summary>
    internal static bool IsPath(ReadOnlySpan<char> text, out GrammarFailure failure)
    {
        var position = 0;
        if (!TryScanPath(text, ref position, foldCase: false, out failure)) return false;
        if (position != text.Length)
        {
            failure = new GrammarFailure(position, Describe(text[position]) + " is not allowed in a repository name");
            return false;
        }
        if (text.Length <= MaxPathLength) return true;
        failure = new GrammarFailure(MaxPathLength, $"a repository name is at most {MaxPathLength} characters");
        return false;
    }

    /// <summary>A whole string that is a valid tag.</summary>
    internal static bool IsTag(ReadOnlySpan<char> text, out GrammarFailure failure)
    {
        var position = 0;
        if (!TryScanTag(text, ref position, foldCase: false, out failure)) return false;
        if (position == text.Length) return true;
        failure = new GrammarFailure(position, Describe(text[position]) + " is not allowed in a tag");
        return false;
    }

    internal static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        _ when char.IsControl(c) => $"control character U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
