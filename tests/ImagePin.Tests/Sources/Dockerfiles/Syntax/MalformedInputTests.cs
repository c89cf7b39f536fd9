using System.Text;
using ImagePin.Sources.Dockerfiles.Syntax;
using static ImagePin.Tests.Sources.Dockerfiles.Syntax.ParserTestHelpers;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

/// <summary>Bad input never throws: every cut and every mutation of real files parses or gives a located error.</summary>
public sealed class MalformedInputTests
{
    private static IEnumerable<string> BuildKitTestfileTexts()
    {
        var folder = CorpusCases.PathOf("buildkit-parser", "parser", "testfiles");
        return Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .Select(d => Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(d, "Dockerfile"))));
    }

    [Fact]
    public void Every_prefix_of_every_BuildKit_testfile_parses_or_fails_cleanly()
    {
        var failures = new List<string>();
        foreach (var text in BuildKitTestfileTexts())
            for (var length = 0; length <= text.Length; length++)
                CheckNoException(text[..length], failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Random_insertions_of_syntax_characters_parse_or_fail_cleanly()
    {
        const string specials = "\\`\"'\n\r\t []{}$<-=#:,@\u00a0";
        var random = new Random(20261129);
        var failures = new List<string>();
        foreach (var text in BuildKitTestfileTexts())
        {
            for (var round = 0; round < 200; round++)
            {
                var builder = new StringBuilder(text);
                for (var edits = random.Next(1, 6); edits > 0; edits--)
                    builder.Insert(random.Next(builder.Length + 1), specials[random.Next(specials.Length)]);
                CheckNoException(builder.ToString(), failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [InlineData("\\")]
    [InlineData("\\\n")]
    [InlineData("`")]
    [InlineData("--")]
    [InlineData("FROM")]
    [InlineData("ONBUILD")]
    [InlineData("ONBUILD ONBUILD")]
    [InlineData("RUN <<")]
    [InlineData("RUN <<-")]
    [InlineData("RUN <<\"\"")]
    [InlineData("RUN --mount=\"unterminated")]
    [InlineData("CMD [\"\\ud800\"]")]
    [InlineData("ENV =")]
    [InlineData("LABEL \"")]
    [InlineData("HEALTHCHECK CMD [1]")]
    public void Odd_one_liners_do_not_throw_and_reprint_exactly(string text)
    {
        var result = DockerfileParser.Parse(text);
        if (result.Success) Assert.Equal(text, result.Document.Reprint());
        else Assert.True(result.Error.Line >= 1 && result.Error.Column >= 1);
    }

    [Fact]
    public void Lone_escape_line_is_an_instruction_with_an_empty_keyword_like_BuildKit()
    {
        var instruction = Assert.Single(Parsed("\\\n").Instructions);
        Assert.Equal("", instruction.Keyword);
        Assert.Equal(new SourceSpan(0, 0, 1, 1, 1, 1), instruction.KeywordSpan);
    }

    private static void CheckNoException(string text, List<string> failures)
    {
        try
        {
            var result = DockerfileParser.Parse(text);
            if (result.Success)
            {
                if (result.Document.Reprint() != text) failures.Add("reprint differs: " + Quote(text));
                _ = result.Document.Dump();
                foreach (var instruction in result.Document.Instructions)
                    foreach (var word in instruction.Arguments) _ = (word.Value, word.Span);
            }
            else if (result.Error.Line < 1 || result.Error.Column < 1) failures.Add("unlocated error: " + Quote(text));
        }
        catch (Exception exception)
        {
            failures.Add($"{exception.GetType().Name} {exception.Message}: {Quote(text)}");
        }
    }

    [Theory]
    [InlineData("RUN cat <<EOF ${{a:-{0}\nx\nEOF\n")]
    [InlineData("COPY --from=${{a:-{0} /a /b\nFROM ${{x:-{0}\n")]
    public void Deeply_nested_expansions_are_refused_without_exhausting_the_stack(string template)
    {
        // 200,000 levels of ${a:-${a:-… would overflow a recursive reader's stack and kill the process.
        var deep = string.Concat(Enumerable.Repeat("${a:-", 200_000));
        var text = template.Replace("{0}", deep).Replace("${{", "${").Replace("{{", "{");

        var result = DockerfileParser.Parse(text);
        using var tree = new Infrastructure.TempTree().Write("Dockerfile", text);
        var run = Infrastructure.CliRun.Invoke(tree.Root, "check", "--format", "json");

        Assert.True(result.Success || result.Error.Line >= 1);
        Assert.NotEqual(70, run.ExitCode);
    }

    private static string Quote(string text) => GoText.Quote(text.Length > 300 ? text[..300] : text);
}
