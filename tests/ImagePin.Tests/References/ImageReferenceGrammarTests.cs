using ImagePin.References;

namespace ImagePin.Tests.References;

public class ImageReferenceGrammarTests
{
    private static ReferenceError Rejected(string text)
    {
        Assert.False(ImageReference.TryParse(text, out _, out var error), $"\"{text}\" was accepted");
        return error;
    }

    private static ImageReference Parsed(string text)
    {
        Assert.True(ImageReference.TryParse(text, out var reference, out var error), error?.Message);
        return reference;
    }

    [Theory]
    [InlineData("[::1]/app", "[::1]")]
    [InlineData("[2001:DB8::ff]:443/app", "[2001:DB8::ff]:443")]
    [InlineData("[fe80:0:0:0:0:0:0:1]:5000/a/b", "[fe80:0:0:0:0:0:0:1]:5000")]
    public void Bracketed_ipv6_host_is_a_domain(string text, string domain)
    {
        Assert.Equal(domain, Parsed(text).Domain);
    }

    [Theory]
    [InlineData("[fe80::1%eth0]/app")]
    [InlineData("[::ffff:192.0.2.1]/app")]
    [InlineData("[]/app")]
    [InlineData("[::1/app")]
    [InlineData("::1/app")]
    public void Ipv6_with_zone_embedded_ipv4_or_missing_brackets_is_rejected(string text)
    {
        Assert.Equal(ReferenceErrorKind.InvalidFormat, Rejected(text).Kind);
    }

    [Theory]
    [InlineData("host:1/app", "host:1")]
    [InlineData("host:65535/app", "host:65535")]
    [InlineData("10.0.0.1:5000/app", "10.0.0.1:5000")]
    public void Numeric_port_belongs_to_the_domain(string text, string domain)
    {
        Assert.Equal(domain, Parsed(text).Domain);
    }

    [Theory]
    [InlineData("host:/app")]
    [InlineData("host:http/app")]
    [InlineData("host:-1/app")]
    public void Port_that_is_empty_or_not_numeric_is_rejected(string text)
    {
        Rejected(text);
    }

    [Fact]
    public void Path_of_255_characters_is_accepted_and_256_is_too_long()
    {
        var longest = "example.com/" + new string('a', 255);
        Assert.Equal(255, Parsed(longest).Path.Length);

        var error = Rejected("example.com/" + new string('a', 256));
        Assert.Equal(ReferenceErrorKind.NameTooLong, error.Kind);
        Assert.StartsWith("repository name must not be more than 255 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_prefix_added_by_normalization_counts_towards_the_path_limit()
    {
        var name = new string('a', 250);
        Assert.True(ImageReference.TryParse(name, out _, out _));

        Assert.False(ImageReference.TryParseNormalized(name, out _, out var error));
        Assert.Equal(ReferenceErrorKind.NameTooLong, error.Kind);
    }

    [Fact]
    public void Tag_of_128_characters_is_accepted()
    {
        var tag = "v" + new string('1', 127);
        Assert.Equal(tag, Parsed("app:" + tag).Tag);
    }

    [Fact]
    public void Tag_longer_than_128_characters_is_rejected()
    {
        var error = Rejected("app:" + new string('1', 129));

        Assert.Equal(ReferenceErrorKind.InvalidFormat, error.Kind);
        Assert.Equal(4, error.Index);
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app:.hidden", 4)]
    [InlineData("app:-dash", 4)]
    [InlineData("app:", 4)]
    [InlineData("app:v1:v2", 6)]
    public void Invalid_tag_is_reported_where_it_goes_wrong(string text, int index)
    {
        var error = Rejected(text);

        Assert.Equal(ReferenceErrorKind.InvalidFormat, error.Kind);
        Assert.Equal(index, error.Index);
    }

    [Theory]
    [InlineData("a__b/c")]
    [InlineData("a---b/c")]
    [InlineData("a.b_c-d/e")]
    public void Path_separators_follow_the_upstream_rules(string text)
    {
        Parsed(text);
    }

    [Theory]
    [InlineData("a___b", 3)]
    [InlineData("a._b", 2)]
    [InlineData("a-", 2)]
    [InlineData("a//b", 2)]
    [InlineData("app$x", 3)]
    public void Malformed_path_is_reported_at_the_offending_character(string text, int index)
    {
        var error = Rejected(text);

        Assert.Equal(ReferenceErrorKind.InvalidFormat, error.Kind);
        Assert.Equal(index, error.Index);
        Assert.Contains($"(at character {index + 1})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upper_case_in_the_path_gives_the_lowercase_error_at_the_letter()
    {
        var error = Rejected("registry.io/team/MyApp:1");

        Assert.Equal(ReferenceErrorKind.NameContainsUppercase, error.Kind);
        Assert.Equal(17, error.Index);
        Assert.StartsWith("repository name must be lowercase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upper_case_in_a_normalized_repository_gives_the_lowercase_error()
    {
        Assert.False(ImageReference.TryParseNormalized("docker/Whalesay", out _, out var error));

        Assert.Equal(ReferenceErrorKind.NameContainsUppercase, error.Kind);
        Assert.Equal(7, error.Index);
    }

    [Fact]
    public void Non_ascii_letter_that_lower_cases_to_ascii_counts_as_upper_case()
    {
        // U+212A KELVIN SIGN lower-cases to 'k', so upstream's lower-cased retry succeeds.
        Assert.Equal(ReferenceErrorKind.NameContainsUppercase, Rejected("\u212Aube/app").Kind);
    }

    [Fact]
    public void Upper_case_that_would_not_fix_the_text_gives_the_format_error()
    {
        Assert.Equal(ReferenceErrorKind.InvalidFormat, Rejected("Bad Name").Kind);
    }

    [Fact]
    public void Empty_text_is_an_empty_name()
    {
        var error = Rejected("");

        Assert.Equal(ReferenceErrorKind.NameEmpty, error.Kind);
        Assert.Equal("repository name must have at least one component", error.Message);
    }

    [Theory]
    [InlineData(" alpine")]
    [InlineData("alpine ")]
    [InlineData("alpine\n")]
    [InlineData("alp\u00efne")]
    [InlineData("@")]
    [InlineData(":")]
    [InlineData("/")]
    [InlineData("a@")]
    [InlineData("a@sha256")]
    [InlineData("a@sha256:")]
    [InlineData("[")]
    [InlineData("[:/a")]
    public void Garbage_is_rejected_with_a_message_not_an_exception(string text)
    {
        Assert.False(ImageReference.TryParseNormalized(text, out _, out var normalizedError));
        Assert.False(string.IsNullOrWhiteSpace(normalizedError.Message));
        Assert.False(ImageReference.TryParse(text, out _, out var strictError));
        Assert.False(string.IsNullOrWhiteSpace(strictError.Message));
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var random = new Random(20261129);
        const string alphabet = "abcAB09._-/:@[]%sha256+ \u00e9";
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            if (ImageReference.TryParseNormalized(text, out var reference, out var error))
                Assert.Equal(text, reference.Original);
            else
                Assert.NotNull(error.Message);
            if (ImageReference.TryParse(text, out var strict, out _))
                Assert.Equal(text, strict.ToString());
        }
    }
}
