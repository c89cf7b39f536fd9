using System.Text.RegularExpressions;

namespace ImagePin.Audit.Versions;

/// <summary>
/// Alpine package version ordering: <c>number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}</c>.
/// Total over any string: a version with unparsable text keeps what parsed and sorts below the
/// same version without it; two such versions fall back to ordinal order, as apk and OSV's tools do.
/// </summary>
internal static partial class ApkVersion
{
    // Sort order of suffixes; "no suffix" sits between the pre-release and post-release ones.
    private static readonly string[] SuffixNames = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];
    private const int NoSuffix = 4;

    public static int Compare(string? left, string? right)
    {
        var a = Parsed.From(left ?? "");
        var b = Parsed.From(right ?? "");
        if (a.Unparsable && b.Unparsable) return Math.Sign(string.CompareOrdinal(a.Text, b.Text));
        var result = CompareComponents(a, b);
        if (result == 0) result = CompareLetters(a.Letter, b.Letter);
        if (result == 0) result = CompareSuffixes(a, b);
        if (result == 0) result = DigitStrings.Compare(a.Revision, b.Revision);
        if (result == 0) result = (a.Rest.IsEmpty ? 1 : 0) - (b.Rest.IsEmpty ? 1 : 0);
        return result;
    }

    /// <summary>
    /// Whether a version follows apk's grammar, widened by the two forms Alpine's security data
    /// also uses: a suffix without its underscore (<c>6.6.2p1</c>) and <c>.rN</c> for the revision.
    /// </summary>
    public static bool IsValid(string? version) => version is { Length: > 0 and <= 256 } && ValidVersion().IsMatch(version);

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*[a-z]?(_?(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*(~[0-9a-f]+)?([-.]r[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidVersion();

    private static int CompareComponents(Parsed a, Parsed b)
    {
        for (var i = 0; i < Math.Max(a.Components.Count, b.Components.Count); i++)
        {
            var x = i < a.Components.Count ? a.Components[i] : default;
            var y = i < b.Components.Count ? b.Components[i] : default;
            // After the first component a leading zero makes the number a decimal fraction:
            // 1.01 < 1.1, so such components compare as text. Absent components count as 0.
            var fractional = i > 0 && !x.IsEmpty && !y.IsEmpty && (x.Span[0] == '0' || y.Span[0] == '0');
            var result = fractional ? Math.Sign(x.Span.SequenceCompareTo(y.Span)) : DigitStrings.Compare(x, y);
            if (result != 0) return result;
        }
        return 0;
    }

    private static int CompareLetters(char left, char right) => left.CompareTo(right) switch { < 0 => -1, > 0 => 1, _ => 0 };

    private static int CompareSuffixes(Parsed a, Parsed b)
    {
        for (var i = 0; i < Math.Max(a.Suffixes.Count, b.Suffixes.Count); i++)
        {
            var (xWeight, xNumber) = i < a.Suffixes.Count ? a.Suffixes[i] : (NoSuffix, default);
            var (yWeight, yNumber) = i < b.Suffixes.Count ? b.Suffixes[i] : (NoSuffix, default);
            if (xWeight != yWeight) return xWeight < yWeight ? -1 : 1;
            var result = DigitStrings.Compare(xNumber, yNumber);
            if (result != 0) return result;
        }
        return 0;
    }

    private static int SuffixAt(ReadOnlySpan<char> text)
    {
        for (var weight = 0; weight < SuffixNames.Length; weight++)
            if (weight != NoSuffix && text.StartsWith(SuffixNames[weight], StringComparison.Ordinal)) return weight;
        return -1;
    }

    /// <summary>One version split into its parts; Letter is '\0' when absent.</summary>
    private sealed class Parsed
    {
        public required string Text { get; init; }
        public List<ReadOnlyMemory<char>> Components { get; } = [];
        public char Letter { get; private set; }
        public List<(int Weight, ReadOnlyMemory<char> Number)> Suffixes { get; } = [];
        public ReadOnlyMemory<char> Revision { get; private set; }
        /// <summary>Text left after the last part that parsed.</summary>
        public ReadOnlyMemory<char> Rest { get; private set; }
        /// <summary>Text left that does not even start a revision: the version is not apk's at all.</summary>
        public bool Unparsable { get; private set; }

        public static Parsed From(string text)
        {
            var parsed = new Parsed { Text = text };
            var memory = text.AsMemory();
            var i = 0;
            parsed.ReadComponents(memory, ref i);
            if (i < text.Length && char.IsAsciiLetterLower(text[i])) parsed.Letter = text[i++];
            parsed.ReadSuffixes(memory, ref i);
            if (i < text.Length && text[i] == '~')
            {
                var start = i + 1;
                while (start < text.Length && char.IsAsciiHexDigitLower(text[start])) start++;
                if (start > i + 1) i = start; // the commit hash does not take part in ordering
            }
            if (i < text.Length - 1 && text[i] == '-' && text[i + 1] == 'r')
            {
                i += 2;
                var start = i;
                DigitStrings.RunAt(text, ref i);
                parsed.Revision = memory[start..i];
            }
            else if (i < text.Length)
            {
                parsed.Unparsable = true;
            }
            parsed.Rest = memory[i..];
            return parsed;
        }

        private void ReadComponents(ReadOnlyMemory<char> memory, ref int i)
        {
            var text = memory.Span;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                var start = i;
                DigitStrings.RunAt(text, ref i);
                Components.Add(memory[start..i]);
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1])) i++;
                else break;
            }
        }

        private void ReadSuffixes(ReadOnlyMemory<char> memory, ref int i)
        {
            var text = memory.Span;
            while (i < text.Length && text[i] == '_')
            {
                var weight = SuffixAt(text[(i + 1)..]);
                if (weight < 0) return;
                i += 1 + SuffixNames[weight].Length;
                var start = i;
                DigitStrings.RunAt(text, ref i);
                Suffixes.Add((weight, memory[start..i]));
            }
        }
    }
}
