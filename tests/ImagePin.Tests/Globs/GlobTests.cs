using CsCheck;
using ImagePin.Globs;

namespace ImagePin.Tests.Globs;

public sealed class GlobTests
{
    private static Glob Path(string pattern) =>
        Glob.TryParse(pattern, GlobSyntax.Path, out var glob, out var error) ? glob! : throw new ArgumentException(error);

    [Theory]
    [InlineData("**/Dockerfile.dev", "Dockerfile.dev", true)]
    [InlineData("**/Dockerfile.dev", "a/b/Dockerfile.dev", true)]
    [InlineData("**/Dockerfile.dev", "a/b/Dockerfile.dev.bak", false)]
    [InlineData(".github/**", ".github/workflows/ci.yml", true)]
    [InlineData(".github/**", ".githubx/ci.yml", false)]
    [InlineData("ci/**/test/*.yml", "ci/test/a.yml", true)]
    [InlineData("ci/**/test/*.yml", "ci/x/y/test/a.yml", true)]
    [InlineData("ci/**/test/*.yml", "ci/x/y/test/sub/a.yml", false)]
    [InlineData("docker.io/library/*", "docker.io/library/python", true)]
    [InlineData("docker.io/library/*", "docker.io/library/a/b", false)]
    [InlineData("*.dkr.ecr.*.amazonaws.com/*", "123.dkr.ecr.eu-west-1.amazonaws.com/app", true)]
    [InlineData("my-org/base-*", "my-org/base-python", true)]
    [InlineData("my-org/base-*", "my-org/other", false)]
    [InlineData("a**b", "axxb", true)]
    [InlineData("a**b", "ax/xb", false)]
    [InlineData("file[0-9].txt", "file7.txt", true)]
    [InlineData("file[!0-9].txt", "file7.txt", false)]
    [InlineData("file[^0-9].txt", "filex.txt", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("?", "/", false)]
    [InlineData("", "", true)]
    public void Path_globs_follow_segment_rules(string pattern, string text, bool expected) => Assert.Equal(expected, Path(pattern).IsMatch(text));

    [Theory]
    [InlineData("[abc")]
    [InlineData("a\\")]
    [InlineData("[]")]
    [InlineData("[a-]")]
    public void Malformed_patterns_are_refused_with_a_reason(string pattern)
    {
        Assert.False(Glob.TryParse(pattern, GlobSyntax.Path, out _, out var error));
        Assert.Contains(pattern, error);
    }

    [Fact]
    public void Many_stars_against_a_long_name_that_does_not_match_finish()
    {
        // A backtracking matcher tries every split: with 40 stars and 10,000 characters it would not finish.
        var pattern = string.Concat(Enumerable.Repeat("a*", 40)) + "b";
        var text = new string('a', 10_000);

        Assert.False(Path(pattern).IsMatch(text));
        Assert.True(Path(pattern).IsMatch(text + "b"));
    }

    [Fact]
    public void Go_dialect_agrees_with_a_backtracking_reference_on_generated_inputs()
    {
        var alphabet = Gen.Char["ab/*?[]-^\\"];
        Gen.Select(Gen.String[alphabet, 0, 8], Gen.String[Gen.Char["ab/-"], 0, 10]).Sample((pattern, text) =>
        {
            var valid = Glob.TryParse(pattern, GlobSyntax.GoPath, out var glob, out _);
            var expected = Reference.Match(pattern, text, out var wellFormed);
            Assert.Equal(wellFormed, valid);
            if (valid) Assert.Equal(expected, glob!.IsMatch(text));
        }, iter: 20_000);
    }

    /// <summary>Go's path.Match written as the straightforward backtracking recursion, for small inputs only.</summary>
    private static class Reference
    {
        public static bool Match(string pattern, string text, out bool wellFormed)
        {
            wellFormed = WellFormed(pattern);
            return wellFormed && Matches(pattern, 0, text, 0);
        }

        private static bool Matches(string p, int i, string t, int j)
        {
            if (i == p.Length) return j == t.Length;
            switch (p[i])
            {
                case '*':
                    for (var k = j; ; k++)
                    {
                        if (Matches(p, i + 1, t, k)) return true;
                        if (k == t.Length || t[k] == '/') return false;
                    }
                case '?':
                    return j < t.Length && t[j] != '/' && Matches(p, i + 1, t, j + 1);
                case '[':
                    var end = i;
                    return j < t.Length && Class(p, ref end, t[j]) && Matches(p, end, t, j + 1);
                case '\\':
                    return j < t.Length && t[j] == p[i + 1] && Matches(p, i + 2, t, j + 1);
                default:
                    return j < t.Length && t[j] == p[i] && Matches(p, i + 1, t, j + 1);
            }
        }

        private static bool WellFormed(string p)
        {
            for (var i = 0; i < p.Length;)
            {
                if (p[i] == '[') { if (!Class(p, ref i, '\0', checkOnly: true)) return false; }
                else if (p[i] == '\\') { if (i + 1 == p.Length) return false; i += 2; }
                else i++;
            }
            return true;
        }

        private static bool Class(string p, ref int position, char c, bool checkOnly = false)
        {
            var i = position + 1;
            var negated = i < p.Length && p[i] == '^';
            if (negated) i++;
            var matched = false;
            for (var count = 0; ; count++)
            {
                if (i < p.Length && p[i] == ']' && count > 0) { i++; break; }
                if (!Read(p, ref i, out var low)) return false;
                var high = low;
                if (p[i] == '-') { i++; if (!Read(p, ref i, out high)) return false; }
                if (low <= c && c <= high) matched = true;
            }
            position = i;
            return checkOnly || matched != negated;
        }

        private static bool Read(string p, ref int i, out char c)
        {
            c = '\0';
            if (i >= p.Length || p[i] is '-' or ']') return false;
            if (p[i] == '\\' && ++i >= p.Length) return false;
            c = p[i++];
            return i < p.Length;
        }
    }
}
