using System.Text.Json;
using ImagePin.Sources.Dockerfiles.Syntax;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

public sealed class ValidatorTests
{
    public static TheoryData<string> ErrorCaseIds()
    {
        var data = new TheoryData<string>();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(SharedCorpus.PathOf("buildkit-parser", "instructions", "error-cases.json")));
            foreach (var item in json.RootElement.GetProperty("cases").EnumerateArray()) data.Add(item.GetProperty("id").GetString()!);
        }
        catch (Exception) { data.Add(CorpusCases.Missing); }
        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorCaseIds))]
    public void BuildKit_instruction_error_case_gives_its_message(string id)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(CorpusCases.PathOf("buildkit-parser", "instructions", "error-cases.json")));
        var testCase = json.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        var result = DockerfileParser.Parse(testCase.GetProperty("dockerfile").GetString()!);
        Assert.Equal(testCase.GetProperty("parse_ok").GetBoolean(), result.Success);
        if (!result.Success) return;

        var errors = DockerfileValidator.Validate(result.Document);
        var expected = testCase.GetProperty("instruction_error");
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.Empty(errors);
            return;
        }
        Assert.NotEmpty(errors);
        var message = errors[0].Message;
        if (testCase.GetProperty("match").GetString() == "exact") Assert.Equal(expected.GetString(), message);
        else Assert.Contains(expected.GetString()!, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_flag_error_points_at_the_flag()
    {
        var document = Parsed("FROM alpine\nCOPY --form=build /a /b\n");
        var error = Assert.Single(DockerfileValidator.Validate(document));
        Assert.Equal("unknown flag: --form", error.Message);
        Assert.Equal((2, 6), (error.Line, error.Column));
    }

    [Fact]
    public void Valid_multi_stage_file_has_no_errors()
    {
        var document = Parsed("""
            ARG BASE=alpine:3.20
            FROM --platform=$BUILDPLATFORM golang:1.23 AS build
            RUN --mount=type=cache,target=/root/.cache go build ./...
            FROM ${BASE}
            COPY --from=build --chmod=755 /out/app /usr/bin/app
            HEALTHCHECK --interval=30s CMD ["/usr/bin/app", "health"]
            ONBUILD COPY --from=build /x /y
            SHELL ["/bin/sh", "-c"]
            ENTRYPOINT ["/usr/bin/app"]
            """);
        Assert.Empty(DockerfileValidator.Validate(document));
    }

    [Fact]
    public void Shell_in_shell_form_is_rejected()
    {
        var error = Assert.Single(DockerfileValidator.Validate(Parsed("FROM a\nSHELL /bin/bash -c\n")));
        Assert.Equal("SHELL requires the arguments to be in JSON form", error.Message);
    }

    [Theory]
    [InlineData("FROM alpine AS\n")]
    [InlineData("FROM alpine TO build\n")]
    public void From_needs_an_image_or_image_AS_name(string text)
    {
        var error = Assert.Single(DockerfileValidator.Validate(Parsed(text)));
        Assert.Equal("FROM requires either one or three arguments", error.Message);
    }

    [Fact]
    public void From_with_lowercase_as_is_accepted()
    {
        Assert.Empty(DockerfileValidator.Validate(Parsed("FROM alpine as build\n")));
    }

    [Fact]
    public void Env_with_an_empty_name_is_rejected()
    {
        var error = Assert.Single(DockerfileValidator.Validate(Parsed("FROM a\nENV =value\n")));
        Assert.Equal("ENV names can not be blank", error.Message);
    }

    private static DockerfileDocument Parsed(string text)
    {
        var result = DockerfileParser.Parse(text);
        Assert.True(result.Success, result.Error?.ToString());
        return result.Document;
    }
}
