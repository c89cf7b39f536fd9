using ImagePin.Registry.Transport;

namespace ImagePin.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Bearer_challenge_yields_realm_service_and_scope()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:library/alpine:pull", challenge["scope"]);
    }

    [Fact]
    public void Quoted_values_keep_commas_and_escaped_quotes()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("Bearer realm=\"https://a.test/t?x=1,2\", scope=\"repository:a:pull,push\", error=\"say \\\"hi\\\"\""));

        Assert.Equal("https://a.test/t?x=1,2", challenge["realm"]);
        Assert.Equal("repository:a:pull,push", challenge["scope"]);
        Assert.Equal("say \"hi\"", challenge["error"]);
    }

    [Fact]
    public void Several_challenges_in_one_header_are_all_returned()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"basic\", Bearer realm=\"https://a.test/token\",service=svc");

        Assert.Equal(["Basic", "Bearer"], challenges.Select(c => c.Scheme));
        Assert.Equal("basic", challenges[0]["realm"]);
        Assert.Equal("svc", challenges[1]["service"]);
    }

    [Fact]
    public void Scheme_and_parameter_names_are_case_insensitive_and_spaces_around_equals_are_allowed()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("bearer  REALM = \"https://a.test/token\" , Service=svc"));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://a.test/token", challenge["realm"]);
        Assert.Equal("svc", challenge["service"]);
    }

    [Fact]
    public void Token68_challenge_is_kept_and_does_not_swallow_the_next_challenge()
    {
        var challenges = AuthChallenge.Parse("Negotiate abc123==, Basic realm=\"r\"");

        Assert.Equal(["Negotiate", "Basic"], challenges.Select(c => c.Scheme));
        Assert.Equal("abc123", challenges[0][""]);
        Assert.Equal("r", challenges[1]["realm"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,,")]
    [InlineData("Bearer realm=\"unterminated")]
    [InlineData("=== \"\" ,")]
    public void Malformed_headers_do_not_throw(string header)
    {
        var challenges = AuthChallenge.Parse(header);

        Assert.All(challenges, c => Assert.NotEmpty(c.Scheme));
    }

    [Fact]
    public void Unterminated_quoted_value_keeps_what_was_there()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("Bearer realm=\"https://a.test/tok"));

        Assert.Equal("https://a.test/tok", challenge["realm"]);
    }

    [Fact]
    public void Random_header_text_never_throws_and_always_terminates()
    {
        var random = new Random(20261129);
        const string alphabet = "Bearer Basic realm=\",\\ \t=abc";
        for (var i = 0; i < 5000; i++)
        {
            var header = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

            var challenges = AuthChallenge.Parse(header);

            Assert.All(challenges, c => Assert.NotEmpty(c.Scheme));
        }
    }
}
