using ImagePin.Sources;
using System.Text;
using ImagePin.Sources.Dockerfiles.Syntax;
using static ImagePin.Tests.Sources.Dockerfiles.Syntax.ParserTestHelpers;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class SourcePositionTests
{
    [Fact]
    public void From_image_split_by_a_continuation_keeps_its_source_span()
    {
        var document = Parsed("FROM alpine:3.\\\n20 AS base\n");
        var image = document.Instructions[0].Arguments[0];

        Assert.Equal("alpine:3.20", image.Value);
        Assert.Equal(new SourceSpan(5, 13, 1, 6, 2, 2), image.Span);
        Assert.Equal("alpine:3.\\\n20", document.TextOf(image.Span));
        var tag = image.SpanOf("alpine:".Length, "3.20".Length);
        Assert.Equal("3.\\\n20", document.TextOf(tag));
        Assert.Equal((1, 13, 2, 2), (tag.StartLine, tag.StartColumn, tag.EndLine, tag.EndColumn));
    }

    [Fact]
    public void Crlf_line_endings_are_not_part_of_tokens_or_instruction_spans()
    {
        var document = Parsed("FROM a\r\nRUN b \\\r\n  c\r\n");
        var run = document.Instructions[1];

        Assert.Equal(["b   c"], run.Values());
        Assert.Equal((2, 3), (run.StartLine, run.EndLine));
        Assert.Equal("RUN b \\\r\n  c", document.TextOf(run.Span));
        Assert.Equal((2, 5, 3, 3), (run.Arguments[0].Span.StartLine, run.Arguments[0].Span.StartColumn, run.Arguments[0].Span.EndLine, run.Arguments[0].Span.EndColumn));
    }

    [Fact]
    public void Utf8_bom_is_remembered_and_not_part_of_the_text()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("# escape=`\nFROM a\n")).ToArray();
        var result = DockerfileParser.Parse(bytes);

        Assert.True(result.Success);
        Assert.True(result.Document.HasBom);
        Assert.Equal('`', result.Document.EscapeChar);
        Assert.Equal(new SourceSpan(11, 4, 2, 1, 2, 4), result.Document.Instructions[0].KeywordSpan);
        Assert.Equal(bytes, SourceDecoder.Encode(result.Document.Reprint(), result.Document.HasBom));
    }

    [Fact]
    public void Bom_in_a_string_is_treated_like_a_bom_in_bytes()
    {
        var document = Parsed("\uFEFFFROM a\n");
        Assert.True(document.HasBom);
        Assert.Equal("FROM a\n", document.Text);
    }

    [Fact]
    public void Tab_indented_instruction_starts_at_its_keyword()
    {
        var document = Parsed("FROM a\n\t  RUN x\n");
        Assert.Equal(new SourceSpan(10, 5, 2, 4, 2, 8), document.Instructions[1].Span);
    }

    [Fact]
    public void Comment_inside_a_continuation_is_listed_with_its_line()
    {
        var document = Parsed("FROM a\nRUN one \\\n  # imagepin:ignore\n  two\n");

        var comment = Assert.Single(document.Comments);
        Assert.Equal(" imagepin:ignore", comment.Text);
        Assert.Equal(3, comment.Line);
        Assert.Equal(new SourceSpan(19, 17, 3, 3, 3, 19), comment.Span);
        Assert.Equal(["one   two"], document.Instructions[1].Values());
    }

    [Fact]
    public void Flag_value_split_by_a_continuation_maps_back_to_source()
    {
        var text = "FROM a\nRUN --mount=type=cache,from=im\\\ng,target=/x true\n";
        var document = Parsed(text);
        var mount = Assert.Single(document.Instructions[1].Flags);

        Assert.Equal("mount", mount.Name);
        Assert.Equal("type=cache,from=img,target=/x", mount.Value);
        var from = mount.SpanOf(mount.Value!.IndexOf("from=img", StringComparison.Ordinal), "from=img".Length);
        Assert.Equal("from=im\\\ng", document.TextOf(from));
        Assert.Equal(["true"], document.Instructions[1].Values());
    }

    [Fact]
    public void Quoted_flag_value_loses_its_quotes_but_maps_to_the_characters_inside()
    {
        var document = Parsed("FROM --platform=\"linux/amd64\" alpine\n");
        var platform = Assert.Single(document.Instructions[0].Flags);

        Assert.Equal("linux/amd64", platform.Value);
        Assert.Equal("linux/amd64", document.TextOf(platform.ValueSpan!.Value));
        Assert.Equal("amd64", document.TextOf(platform.SpanOf(6, 5)));
    }

    [Fact]
    public void Json_element_with_escapes_maps_each_character_to_its_escape()
    {
        var document = Parsed("FROM a\nCMD [\"a\\tb\", \"\\u00e9x\"]\n");
        var cmd = document.Instructions[1];

        Assert.True(cmd.IsJsonForm);
        Assert.Equal(["a\tb", "éx"], cmd.Values());
        Assert.Equal("a\\tb", document.TextOf(cmd.Arguments[0].Span));
        Assert.Equal("\\t", document.TextOf(cmd.Arguments[0].SpanOf(1, 1)));
        Assert.Equal("\\u00e9", document.TextOf(cmd.Arguments[1].SpanOf(0, 1)));
        Assert.Equal("x", document.TextOf(cmd.Arguments[1].SpanOf(1, 1)));
    }

    [Fact]
    public void Env_key_value_pairs_have_spans_for_key_value_and_separator()
    {
        var document = Parsed("FROM a\nENV A=1 B=\"x y\"\n");
        var env = document.Instructions[1];

        Assert.Equal(["A", "1", "=", "B", "\"x y\"", "="], env.Values());
        Assert.Equal("\"x y\"", document.TextOf(env.Arguments[4].Span));
        Assert.Equal(new SourceSpan(16, 1, 2, 10, 2, 10), env.Arguments[5].Span);
    }

    [Fact]
    public void Span_of_a_range_outside_the_value_is_refused()
    {
        var word = Parsed("FROM alpine\n").Instructions[0].Arguments[0];
        Assert.Throws<ArgumentOutOfRangeException>(() => word.SpanOf(3, 10));
    }
}
