using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

public class CheckStatusTests
{
    [Theory]
    [InlineData("python:3.12-slim", "tag", "error", "docker.io/library/python:3.12-slim")]
    [InlineData("python:latest", "latest", "error", "docker.io/library/python:latest")]
    [InlineData("python", "untagged", "error", "docker.io/library/python")]
    [InlineData("python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "pinned", "none",
        "docker.io/library/python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("ghcr.io/o/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "digest-only", "note",
        "ghcr.io/o/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost:5000/app:1", "tag", "error", "localhost:5000/app:1")]
    [InlineData("Python:3", "invalid", "error", null)]
    [InlineData("python:3@sha256:abc", "invalid", "error", null)]
    public void From_image_gets_status_severity_and_normalized_image(string image, string status, string severity, string? normalized)
    {
        using var tree = new TempTree().Write("Dockerfile", $"FROM {image}\nRUN true\n");
        var result = CheckJson.Run(tree);
        var r = result.Single(image);
        Assert.Equal(status, Str(r, "status"));
        Assert.Equal(severity, Str(r, "severity"));
        Assert.Equal(normalized, Str(r, "image"));
        Assert.Equal("from", Str(r, "context"));
        Assert.Equal("dockerfile", Str(r, "kind"));
        Assert.Equal("Dockerfile", Str(r, "file"));
        Assert.Equal(1, r.GetProperty("line").GetInt32());
        Assert.Equal(6, r.GetProperty("column").GetInt32());
        Assert.Equal(severity == "error" ? 1 : 0, result.ExitCode);
    }

    [Fact]
    public void Invalid_reference_message_carries_the_grammar_reason()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM Python:3\n");
        var r = CheckJson.Run(tree).Single("Python:3");
        Assert.Contains("lowercase", Str(r, "message"));
        Assert.Equal("IP006", Str(r, "rule"));
    }

    [Fact]
    public void Stage_names_scratch_and_numeric_indexes_are_listed_but_not_flagged()
    {
        using var tree = new TempTree().Write("Dockerfile", """
            FROM golang:1.23@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS Build
            FROM build AS test
            FROM scratch
            COPY --from=BUILD /out /out
            COPY --from=0 /out /out2
            RUN --mount=type=bind,from=test,target=/t true

            """);
        var result = CheckJson.Run(tree);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("stage", Str(result.Single("build"), "status"));
        Assert.Equal("scratch", Str(result.Single("scratch"), "status"));
        Assert.Equal("stage", Str(result.Single("BUILD"), "status"));
        Assert.Equal("stage", Str(result.Single("0"), "status"));
        Assert.Equal("stage", Str(result.Single("test"), "status"));
        Assert.Null(Str(result.Single("build"), "image"));
        Assert.Equal("none", Str(result.Single("BUILD"), "severity"));
    }

    [Fact]
    public void A_stage_named_later_is_an_image_for_an_earlier_FROM()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM base\nFROM alpine:3 AS base\n");
        var result = CheckJson.Run(tree);
        Assert.Equal("untagged", Str(result.Single("base"), "status"));
    }

    [Fact]
    public void Every_context_is_found_with_its_exact_position()
    {
        using var tree = new TempTree().Write("Dockerfile",
            "# syntax=docker/dockerfile:1.7\n" +
            "FROM alpine:3.20\n" +
            "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n" +
            "RUN --mount=type=cache,target=/c --mount=type=bind,from=busybox:1.36,target=/b true\n" +
            "ONBUILD COPY --from=redis:7 /data /data\n");
        var result = CheckJson.Run(tree);
        void At(string text, string context, int line, int column)
        {
            var r = result.Single(text);
            Assert.Equal(context, Str(r, "context"));
            Assert.Equal(line, r.GetProperty("line").GetInt32());
            Assert.Equal(column, r.GetProperty("column").GetInt32());
        }
        At("docker/dockerfile:1.7", "syntax", 1, 10);
        At("alpine:3.20", "from", 2, 6);
        At("nginx:1.27", "copy-from", 3, 13);
        At("busybox:1.36", "mount-from", 4, 57);
        At("redis:7", "copy-from", 5, 21);
        Assert.Equal(5, result.References.Count);
    }

    [Fact]
    public void Image_on_a_continuation_line_is_located_on_that_line()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM --platform=linux/amd64 \\\n    alpine:3.20 AS x\n");
        var r = CheckJson.Run(tree).Single("alpine:3.20");
        Assert.Equal(2, r.GetProperty("line").GetInt32());
        Assert.Equal(5, r.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData("COPY --from=\"alpine\":3 /a /b", "\"alpine\":3", 13)]
    [InlineData("COPY --from=alpine:\"3\" /a /b", "alpine:\"3\"", 13)]
    [InlineData("COPY --from=\"alpine:3\" /a /b", "\"alpine:3\"", 13)]
    [InlineData("RUN --mount=type=bind,from=alpine:\"3\",target=/x true", "alpine:\"3\"", 28)]
    [InlineData("RUN --mount=\"type=bind,from=alpine:3,target=/x\" true", "alpine:3", 29)]
    public void Quoted_flag_values_report_the_characters_as_written_and_the_unquoted_image(string line, string text, int column)
    {
        using var tree = new TempTree().Write("Dockerfile", $"FROM scratch\n{line}\n");
        var r = CheckJson.Run(tree).Single(text);
        Assert.Equal("docker.io/library/alpine:3", Str(r, "image"));
        Assert.Equal("tag", Str(r, "status"));
        Assert.Equal(column, r.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Stage_index_that_does_not_exist_is_invalid()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nCOPY --from=1 /a /a\nCOPY --from=0 /b /b\n");
        var result = CheckJson.Run(tree);
        Assert.Equal("invalid", Str(result.Single("1"), "status"));
        Assert.Contains("no stage 1", Str(result.Single("1"), "message"));
        Assert.Equal("stage", Str(result.Single("0"), "status"));
    }
}
