using System.Text;
using ImagePin.Sources;
using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

public class YamlTreeBuilderTests
{
    private static YamlFile Build(string text, YamlLimits? limits = null) => YamlTreeBuilder.Build(text, limits ?? YamlLimits.Default);

    private static YamlMapping Root(YamlFile file, int document = 0) =>
        Assert.IsType<YamlMapping>(file.Documents[document].Root);

    private static YamlScalar Scalar(YamlFile file, string key, int document = 0) =>
        Assert.IsType<YamlScalar>(Root(file, document).Get(key, file.NewBudget()));

    private static string Literal(YamlFile file, YamlScalar scalar) => file.Slice(Assert.NotNull(scalar.LiteralSpan));

    [Fact]
    public void Mark_index_counts_utf16_units_across_emoji_and_crlf()
    {
        // Two surrogate pairs and CRLF line ends before the scalars: YamlDotNet's Mark.Index must be a string offset.
        const string text = "a: 😀😀\r\nimage: \"nginx:1.2\"\r\nb: 𝄞 x\r\nc: plain  # c\r\n";
        var file = Build(text);
        Assert.Empty(file.Diagnostics);
        var image = Scalar(file, "image");
        Assert.Equal(text.IndexOf("nginx", StringComparison.Ordinal), image.LiteralSpan!.Value.Start);
        Assert.Equal("nginx:1.2", Literal(file, image));
        Assert.Equal((2, 9), (image.LiteralSpan.Value.Line, image.LiteralSpan.Value.Column));
        Assert.Equal("\"nginx:1.2\"", file.Slice(image.ContentSpan));
        var c = Scalar(file, "c");
        Assert.Equal("plain", Literal(file, c));
        Assert.Equal((4, 4), (c.Span.Line, c.Span.Column));
        Assert.Equal("𝄞 x", Literal(file, Scalar(file, "b")));
    }

    [Fact]
    public void Lone_cr_counts_as_a_line_break()
    {
        var file = Build("a: 1\rimage: x\r");
        var image = Scalar(file, "image");
        Assert.Equal((2, 8), (image.Span.Line, image.Span.Column));
        Assert.Equal("x", Literal(file, image));
    }

    [Fact]
    public void A_leading_byte_order_mark_is_not_part_of_the_first_key()
    {
        var file = Build("\uFEFFimage: nginx\nb: c\n");
        var image = Scalar(file, "image");
        Assert.Equal(8, image.LiteralSpan!.Value.Start);
        Assert.Equal("nginx", Literal(file, image));
        Assert.Equal((1, 9), (image.Span.Line, image.Span.Column));
    }

    [Theory]
    [InlineData("k: nginx:1.2\n", "Plain", "nginx:1.2")]
    [InlineData("k: 'nginx:1.2'\n", "SingleQuoted", "nginx:1.2")]
    [InlineData("k: \"nginx:1.2\"\n", "DoubleQuoted", "nginx:1.2")]
    [InlineData("k: [ \"a b\" , 'c' ]\n", "DoubleQuoted", "a b")]
    [InlineData("k: &anchor   !!str  nginx # comment\n", "Plain", "nginx")]
    [InlineData("k: !custom\n  'x'\n", "SingleQuoted", "x")]
    public void Literal_values_are_located_exactly(string text, string style, string expected)
    {
        var file = Build(text);
        Assert.Empty(file.Diagnostics);
        var node = Root(file).Get("k", file.NewBudget())!;
        var scalar = node as YamlScalar ?? Assert.IsType<YamlScalar>(Assert.IsType<YamlSequence>(node).Items[0]);
        Assert.Equal(style, scalar.Style.ToString());
        Assert.Equal(expected, scalar.Value);
        Assert.Equal(expected, Literal(file, scalar));
        Assert.Null(scalar.NotLiteralReason);
    }

    [Theory]
    [InlineData("k: |\n  nginx\n", "Literal", "literal block")]
    [InlineData("k: >-\n  nginx\n", "Folded", "folded block")]
    [InlineData("k: nginx\n  :1.2\n", "Plain", "several lines")]
    [InlineData("k: \"ngi\\x6Ex\"\n", "DoubleQuoted", "escape")]
    [InlineData("k: 'it''s'\n", "SingleQuoted", "''")]
    [InlineData("k: \"a\n  b\"\n", "DoubleQuoted", "several lines")]
    public void Values_not_written_literally_say_why(string text, string style, string reason)
    {
        var file = Build(text);
        var scalar = Scalar(file, "k");
        Assert.Equal(style, scalar.Style.ToString());
        Assert.Null(scalar.LiteralSpan);
        Assert.Contains(reason, scalar.NotLiteralReason);
    }

    [Fact]
    public void Comments_blank_lines_and_flow_collections_do_not_move_spans()
    {
        const string text = "# head\n\n# more\nsvc: # trailing\n\n  # inside\n  list: [ a, {image: 'b:1' }, \"c\" ]  # x\n  map: {x: y,\n        image: d:2}\n";
        var file = Build(text);
        Assert.Empty(file.Diagnostics);
        var svc = Assert.IsType<YamlMapping>(Root(file).Get("svc", file.NewBudget()));
        var list = Assert.IsType<YamlSequence>(svc.Get("list", file.NewBudget()));
        Assert.True(list.IsFlow);
        Assert.Equal("[ a, {image: 'b:1' }, \"c\" ]", file.Slice(list.Span));
        var inner = Assert.IsType<YamlMapping>(list.Items[1]);
        Assert.Equal("b:1", Literal(file, Assert.IsType<YamlScalar>(inner.Get("image", file.NewBudget()))));
        var map = Assert.IsType<YamlMapping>(svc.Get("map", file.NewBudget()));
        var d = Assert.IsType<YamlScalar>(map.Get("image", file.NewBudget()));
        Assert.Equal("d:2", Literal(file, d));
        Assert.Equal((9, 16), (d.Span.Line, d.Span.Column));
    }

    [Fact]
    public void Block_collections_span_from_their_first_to_their_last_character()
    {
        var file = Build("a:\n  - x\n  - y: z\n\nb: 1\n");
        var list = Assert.IsType<YamlSequence>(Root(file).Get("a", file.NewBudget()));
        Assert.Equal("- x\n  - y: z", file.Slice(list.Span));
    }

    [Fact]
    public void Aliases_and_merge_keys_resolve_to_the_anchored_scalar()
    {
        const string text = """
            x-base: &base
              image: nginx:1.2
              restart: always
            x-other: &other
              image: other:1
              user: me
            tag: &t redis:7
            a:
              <<: *base
            b:
              <<: [*other, *base]
            c:
              <<: *base
              image: own:1
            d: *t
            """;
        var file = Build(text);
        Assert.Empty(file.Diagnostics);
        var root = Root(file);
        var budget = file.NewBudget();
        var anchored = Assert.IsType<YamlScalar>(root.Get("x-base", budget).AsMapping()!.Get("image", budget));
        Assert.Same(anchored, root.Get("a", budget).AsMapping()!.Get("image", budget));
        Assert.Equal("other:1", root.Get("b", budget).AsMapping()!.Get("image", budget).AsScalar()!.Value);
        Assert.Equal("always", root.Get("b", budget).AsMapping()!.Get("restart", budget).AsScalar()!.Value);
        Assert.Equal("own:1", root.Get("c", budget).AsMapping()!.Get("image", budget).AsScalar()!.Value);
        var d = Assert.IsType<YamlScalar>(root.Get("d", budget));
        Assert.Equal("redis:7", Literal(file, d));
        Assert.Equal("t", d.Anchor);
        var alias = Assert.IsType<YamlAlias>(root.Find("d", budget)!.Value.Value);
        Assert.Equal("t", alias.Name);
        var keys = root.Get("b", budget).AsMapping()!.EffectiveEntries(budget).Select(e => e.KeyText).ToList();
        Assert.Equal(["image", "user", "restart"], keys);
    }

    [Fact]
    public void Anchors_on_collections_and_redefined_anchors()
    {
        var file = Build("a: &x {image: one}\nb: *x\na2: &x {image: two}\nc: *x\n");
        Assert.Empty(file.Diagnostics);
        var root = Root(file);
        var budget = file.NewBudget();
        Assert.Equal("one", root.Get("b", budget).AsMapping()!.Get("image", budget).AsScalar()!.Value);
        Assert.Equal("two", root.Get("c", budget).AsMapping()!.Get("image", budget).AsScalar()!.Value);
        Assert.Equal("&x {image: one}", file.Slice(root.Find("a", budget)!.Value.Value.Span));
    }

    [Fact]
    public void Recursive_merge_and_alias_cycles_terminate()
    {
        var file = Build("a: &a\n  <<: *a\n  image: x\n  self: *a\n");
        var a = Root(file).Get("a", file.NewBudget()).AsMapping()!;
        Assert.Equal("x", a.Get("image", file.NewBudget()).AsScalar()!.Value);
        Assert.Equal(3, Root(file).Walk(file.NewBudget()).Count());
    }

    [Fact]
    public void Documents_are_separate_with_their_own_spans_and_anchors()
    {
        const string text = "image: a\n---\nimage: b\n...\n--- # third\nimage: &z c\n";
        var file = Build(text);
        Assert.Equal(3, file.Documents.Count);
        Assert.Equal(["a", "b", "c"], file.Documents.Select(d => Assert.IsType<YamlMapping>(d.Root).Get("image", file.NewBudget()).AsScalar()!.Value));
        Assert.Equal(3, Scalar(file, "image", 1).Span.Line);
        Assert.Equal(6, Scalar(file, "image", 2).Span.Line);
    }

    [Fact]
    public void An_empty_file_has_no_documents_and_no_problems()
    {
        foreach (var text in new[] { "", "\n\n", "# only a comment\n" })
        {
            var file = Build(text);
            Assert.Empty(file.Diagnostics);
            Assert.All(file.Documents, d => Assert.True(d.Root is null or YamlScalar { IsNull: true }));
        }
    }

    [Fact]
    public void Invalid_yaml_is_a_located_error_and_earlier_documents_survive()
    {
        var file = Build("image: a\n---\nb: [c\nd: e\n");
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal(YamlProblem.Syntax, error.Problem);
        Assert.Equal(1, error.Document);
        Assert.True(error.Line >= 3);
        Assert.DoesNotContain("Line:", error.Message);
        Assert.NotNull(file.Documents[0].Root);
        Assert.Null(file.Documents[1].Root);
        Assert.False(file.Complete);
    }

    [Fact]
    public void Fifty_thousand_nested_brackets_are_a_depth_error_not_a_stack_overflow()
    {
        var text = "image: ok\n---\na: " + new string('[', 50_000) + new string(']', 50_000) + "\n";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var file = Build(text);
        Assert.InRange(started.Elapsed.TotalSeconds, 0, 2);
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal(YamlProblem.TooDeep, error.Problem);
        Assert.Equal((3, 4 + 255), (error.Line, error.Column)); // 256 collections are allowed: the root mapping and 255 brackets
        Assert.Equal(1, error.Document);
        Assert.Equal("ok", Scalar(file, "image").Value);
        Assert.Null(file.Documents[1].Root);
    }

    [Fact]
    public void Unclosed_deep_nesting_ends_in_located_errors()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var file = Build(new string('[', 4 * 1024 * 1024 - 1) + "{");
        Assert.InRange(started.Elapsed.TotalSeconds, 0, 5);
        Assert.Equal(YamlProblem.TooDeep, Assert.Single(file.Diagnostics).Problem);
    }

    [Fact]
    public void Billion_laughs_is_not_expanded_and_walks_stop_at_the_budget()
    {
        var text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
            text.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        var file = Build(text.ToString());
        Assert.Empty(file.Diagnostics);
        // The walk visits each real node once: 10 sequences, 9 scalars, 10 key values.
        var nodes = Root(file).Walk(file.NewBudget()).Count();
        Assert.InRange(nodes, 10, 100);
        var tiny = new YamlVisitBudget(5);
        Assert.Equal(5, Root(file).Walk(tiny).Count());
        Assert.True(tiny.Exhausted);
    }

    [Fact]
    public void Merge_lookups_stop_at_the_budget()
    {
        var text = new StringBuilder("m0: &m0 {image: x}\n");
        for (var i = 1; i < 200; i++) text.Append($"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}\n");
        var file = Build(text.ToString());
        var last = Root(file).Get("m199", file.NewBudget()).AsMapping()!;
        Assert.Equal("x", last.Get("image", file.NewBudget()).AsScalar()!.Value);
        var tiny = new YamlVisitBudget(10);
        Assert.Null(last.Get("image", tiny));
        Assert.True(tiny.Exhausted);
    }

    [Fact]
    public void Undefined_alias_is_a_located_error()
    {
        var file = Build("a: 1\nb: *nope\n");
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal((YamlProblem.UndefinedAlias, 2, 4), (error.Problem, error.Line, error.Column));
        Assert.Null(file.Documents[0].Root);
    }

    [Fact]
    public void Duplicate_keys_are_reported_and_both_entries_kept()
    {
        var file = Build("jobs:\n  a: 1\nother: x\njobs:\n  b: 2\n");
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal((YamlProblem.DuplicateKey, 4, 1), (error.Problem, error.Line, error.Column));
        Assert.Contains("'jobs'", error.Message);
        Assert.False(error.Fatal);
        Assert.Equal(3, Root(file).Entries.Count);
        Assert.Equal("b", Root(file).Get("jobs", file.NewBudget()).AsMapping()!.Entries[0].KeyText);
    }

    [Fact]
    public void Merge_keys_are_not_duplicates()
    {
        var file = Build("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n");
        Assert.Empty(file.Diagnostics);
    }

    [Theory]
    [InlineData("a:\n\tb: c\n", 2)]
    [InlineData("a:\n  - x\n\t- y\n", 3)]
    [InlineData("a:\n \tb: c\n", 2)]
    public void Tabs_for_indentation_are_located_errors(string text, int line)
    {
        var file = Build(text);
        var error = Assert.Single(file.Diagnostics);
        Assert.True(error.Problem is YamlProblem.TabIndentation or YamlProblem.Syntax, error.ToString());
        Assert.Equal(line, error.Line);
        Assert.Contains("tab", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("a:\tb\n")]
    [InlineData("a: [x,\n\ty]\n")]
    [InlineData("a: |\n  x\n  \ty\n")]
    public void Tabs_elsewhere_are_fine(string text) => Assert.Empty(Build(text).Diagnostics);

    [Fact]
    public void Files_over_the_size_limit_are_not_parsed()
    {
        var file = Build("image: " + new string('x', 200) + "\n", YamlLimits.Default with { MaxInputBytes = 100 });
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal(YamlProblem.TooLarge, error.Problem);
        Assert.Contains("100", error.Message);
        Assert.Empty(file.Documents);
    }

    [Fact]
    public void The_size_limit_counts_utf8_bytes()
    {
        var text = "k: " + new string('é', 60) + "\n";
        Assert.Equal(YamlProblem.TooLarge, Assert.Single(Build(text, YamlLimits.Default with { MaxInputBytes = 100 }).Diagnostics).Problem);
    }

    [Fact]
    public void Too_many_nodes_is_a_located_error()
    {
        var file = Build("a: [1, 2, 3, 4, 5, 6, 7, 8]\n", YamlLimits.Default with { MaxNodes = 5 });
        Assert.Equal(YamlProblem.TooManyNodes, Assert.Single(file.Diagnostics).Problem);
    }

    [Fact]
    public void Scalars_know_tags_and_nulls()
    {
        var file = Build("a:\nb: ~\nc: !reference [.x, y]\nd: ''\n");
        var root = Root(file);
        var budget = file.NewBudget();
        Assert.True(root.Get("a", budget).AsScalar()!.IsNull);
        Assert.True(root.Get("b", budget).AsScalar()!.IsNull);
        Assert.Equal("!reference", root.Get("c", budget)!.Tag);
        Assert.False(root.Get("d", budget).AsScalar()!.IsNull);
        Assert.Null(root.Get("d", budget).AsValueScalar());
    }

    [Fact]
    public void Every_event_offset_matches_line_and_column_on_mixed_text()
    {
        // Cross-check: YamlDotNet's own line/column against our line map, for every scalar of a tricky text.
        const string text = "😀: 'é'\r\n\"k𝄞\": [a, \"b\"]\r\n- x\n";
        var parser = new YamlDotNet.Core.Parser(new StringReader("😀: 'é'\r\n\"k𝄞\": [a, \"b\"]\r\n"));
        var lines = new YamlLineMap(text);
        while (parser.MoveNext())
        {
            if (parser.Current is not YamlDotNet.Core.Events.Scalar s) continue;
            var (line, column) = lines.Position((int)s.Start.Index);
            Assert.Equal(((int)s.Start.Line, (int)s.Start.Column), (line, column));
        }
    }
}
