using System.Text;
using System.Text.RegularExpressions;
using ImagePin.References;

namespace ImagePin.Tests.References;

/// <summary>
/// Compares the hand-written scanner with a regular expression written here from the grammar in
/// the corpus README, on generated text that is dense in the grammar's special characters.
/// </summary>
public class GrammarDifferentialTests
{
    private const string DomainComponent = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    private const string Domain = "(?:" + DomainComponent + @"(?:\." + DomainComponent + @")*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string Path = PathComponent + "(?:/" + PathComponent + ")*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    // \z, not $: .NET's $ also matches before a final newline.
    private static readonly Regex Reference = new(
        "^((?:" + Domain + "/)?" + Path + ")(?::(" + Tag + "))?(?:@(" + DigestPattern + @"))?\z", RegexOptions.CultureInvariant);

    private static readonly Regex Name = new("^(?:(" + Domain + ")/)?(" + Path + @")\z", RegexOptions.CultureInvariant);

    private static readonly string[] Pieces =
    [
        "a", "b", "z", "0", "9", "A", "Q", ".", "_", "__", "-", "--", "/", ":", "@", "[", "]", "::1", "%", " ", "[::1]", "[fd00::2]:5000/",
        "localhost", "example.com", "5000", "sha256", "sha512:", "+", "\n",
        "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789abcdef0123456789abcdef",
    ];

    private static IEnumerable<string> GeneratedTexts(int seed, int count)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Clear();
            var pieces = random.Next(1, 9);
            for (var j = 0; j < pieces; j++) builder.Append(Pieces[random.Next(Pieces.Length)]);
            yield return builder.ToString();
        }
    }

    [Fact]
    public void Scanner_accepts_and_splits_references_exactly_as_the_grammar_regex()
    {
        var compared = 0;
        var accepted = 0;
        foreach (var text in GeneratedTexts(seed: 1, count: 40_000))
        {
            var match = Reference.Match(text);
            var scanned = ReferenceGrammar.TryScanReference(text, foldCase: false, out var layout, out _);
            Assert.True(match.Success == scanned, $"\"{text}\": regex {match.Success}, scanner {scanned}");
            compared++;
            if (!scanned) continue;
            accepted++;
            Assert.Equal(match.Groups[1].Value, text[..layout.PathEnd]);
            Assert.Equal(match.Groups[2].Success ? match.Groups[2].Value : null, layout.HasTag ? text[layout.TagStart..layout.TagEnd] : null);
            Assert.Equal(match.Groups[3].Success ? match.Groups[3].Value : null, layout.HasDigest ? text[layout.DigestStart..] : null);
        }
        // The generator must exercise both outcomes for the comparison to mean anything.
        Assert.InRange(accepted, compared / 20, compared - compared / 20);
    }

    [Fact]
    public void Scanner_splits_names_into_domain_and_path_exactly_as_the_grammar_regex()
    {
        var accepted = 0;
        foreach (var text in GeneratedTexts(seed: 2, count: 40_000))
        {
            var match = Name.Match(text);
            var scanned = ReferenceGrammar.TryScanName(text, out var layout, out _);
            Assert.True(match.Success == scanned, $"\"{text}\": regex {match.Success}, scanner {scanned}");
            if (!scanned) continue;
            accepted++;
            Assert.Equal(match.Groups[1].Success ? match.Groups[1].Value : null, layout.HasDomain ? text[..layout.DomainEnd] : null);
            Assert.Equal(match.Groups[2].Value, text[layout.PathStart..layout.PathEnd]);
        }
        Assert.True(accepted > 1000, $"only {accepted} generated names were valid");
    }

    [Fact]
    public void Strict_parse_reports_upper_case_exactly_when_the_lower_cased_text_fits_the_grammar()
    {
        var upperCaseErrors = 0;
        foreach (var text in GeneratedTexts(seed: 3, count: 20_000))
        {
            var parsed = ImageReference.TryParse(text, out _, out var error);
            if (Reference.IsMatch(text))
            {
                Assert.True(parsed || error!.Kind is not (ReferenceErrorKind.InvalidFormat or ReferenceErrorKind.NameContainsUppercase),
                    $"\"{text}\" fits the grammar but was rejected: {error?.Message}");
                continue;
            }
            Assert.False(parsed, $"\"{text}\" does not fit the grammar but was accepted");
            var expected = Reference.IsMatch(text.ToLowerInvariant()) ? ReferenceErrorKind.NameContainsUppercase : ReferenceErrorKind.InvalidFormat;
            Assert.True(expected == error!.Kind, $"\"{text}\": expected {expected}, got {error.Kind}");
            if (expected == ReferenceErrorKind.NameContainsUppercase) upperCaseErrors++;
        }
        Assert.True(upperCaseErrors > 100, $"only {upperCaseErrors} upper-case errors were generated");
    }
}
