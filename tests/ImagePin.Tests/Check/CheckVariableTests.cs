using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

public class CheckVariableTests
{
    [Theory]
    [InlineData("$BASE")]
    [InlineData("${BASE}")]
    [InlineData("${BASE:-ubuntu:20.04}")]
    [InlineData("${BASE-ubuntu:20.04}")]
    public void From_expands_global_arg_defaults(string form)
    {
        using var tree = new TempTree().Write("Dockerfile", $"ARG BASE=python:3.12\nFROM {form}\n");
        var r = CheckJson.Run(tree).Single(form);
        Assert.Equal("docker.io/library/python:3.12", Str(r, "image"));
        Assert.Equal("tag", Str(r, "status"));
    }

    [Fact]
    public void Default_form_applies_when_the_arg_has_no_value()
    {
        using var tree = new TempTree().Write("Dockerfile", "ARG BASE\nFROM ${BASE:-ubuntu:20.04}\nFROM ${BASE:+ignored}alpine\n");
        var result = CheckJson.Run(tree);
        Assert.Equal("docker.io/library/ubuntu:20.04", Str(result.Single("${BASE:-ubuntu:20.04}"), "image"));
    }

    [Fact]
    public void Build_arg_overrides_the_default_as_docker_build_does()
    {
        using var tree = new TempTree().Write("Dockerfile", "ARG VERSION=3.11\nFROM python:${VERSION}-slim\n");
        var r = CheckJson.Run(tree, "--build-arg", "VERSION=3.13").Single("python:${VERSION}-slim");
        Assert.Equal("docker.io/library/python:3.13-slim", Str(r, "image"));
    }

    [Fact]
    public void Undeclared_build_arg_does_not_reach_FROM()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM python:${VERSION}\n");
        var r = CheckJson.Run(tree, "--build-arg", "VERSION=3.13").Single("python:${VERSION}");
        Assert.Equal("variable", Str(r, "status"));
    }

    [Fact]
    public void Unset_variable_gives_status_variable_naming_it()
    {
        using var tree = new TempTree().Write("Dockerfile", "ARG REGISTRY\nFROM ${REGISTRY}/app:1\n");
        var result = CheckJson.Run(tree);
        var r = result.Single("${REGISTRY}/app:1");
        Assert.Equal("variable", Str(r, "status"));
        Assert.Equal("warning", Str(r, "severity"));
        Assert.Null(Str(r, "image"));
        Assert.Contains("REGISTRY", Str(r, "message"));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Platform_args_have_no_value_unless_given()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM --platform=$BUILDPLATFORM app-${TARGETARCH}:1\n");
        Assert.Equal("variable", Str(CheckJson.Run(tree).Single("app-${TARGETARCH}:1"), "status"));
        var given = CheckJson.Run(tree, "--build-arg", "TARGETARCH=arm64").Single("app-${TARGETARCH}:1");
        Assert.Equal("docker.io/library/app-arm64:1", Str(given, "image"));
    }

    [Fact]
    public void Stage_args_are_not_visible_to_a_later_FROM()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3 AS a\nARG IMG=busybox:1\nFROM ${IMG}\n");
        Assert.Equal("variable", Str(CheckJson.Run(tree).Single("${IMG}"), "status"));
    }

    [Fact]
    public void Copy_from_expands_args_in_scope_of_its_stage()
    {
        using var tree = new TempTree().Write("Dockerfile",
            "ARG TOOLS=busybox:1.36\nFROM alpine:3\nARG TOOLS\nARG LOCAL=nginx:1\nCOPY --from=${TOOLS} /a /a\nCOPY --from=$LOCAL /b /b\n");
        var result = CheckJson.Run(tree);
        Assert.Equal("docker.io/library/busybox:1.36", Str(result.Single("${TOOLS}"), "image"));
        Assert.Equal("docker.io/library/nginx:1", Str(result.Single("$LOCAL"), "image"));
    }

    [Fact]
    public void Global_arg_is_not_in_stage_scope_until_redeclared()
    {
        using var tree = new TempTree().Write("Dockerfile", "ARG TOOLS=busybox:1.36\nFROM alpine:3\nCOPY --from=${TOOLS} /a /a\n");
        Assert.Equal("variable", Str(CheckJson.Run(tree).Single("${TOOLS}"), "status"));
    }

    [Fact]
    public void Arg_expanding_to_a_stage_name_is_a_stage()
    {
        using var tree = new TempTree().Write("Dockerfile", "FROM alpine:3 AS builder\nFROM alpine:3\nARG FROM_STAGE=builder\nCOPY --from=$FROM_STAGE /a /a\n");
        Assert.Equal("stage", Str(CheckJson.Run(tree).Single("$FROM_STAGE"), "status"));
    }

    [Fact]
    public void Text_keeps_what_the_file_says_and_image_is_expanded()
    {
        using var tree = new TempTree().Write("Dockerfile", "ARG V=1.2\nFROM \"repo/app:${V}\"\n");
        var r = CheckJson.Run(tree).Single("\"repo/app:${V}\"");
        Assert.Equal("docker.io/repo/app:1.2", Str(r, "image"));
    }

    [Fact]
    public void Stage_arg_with_a_default_never_inherits_the_global_value()
    {
        using var tree = new TempTree().Write("Dockerfile",
            "ARG VARIANT=slim\nARG IMG=python:3.12\nFROM alpine:3\nARG IMG=node:${VARIANT}\nCOPY --from=$IMG /x /x\n");
        var r = CheckJson.Run(tree).Single("$IMG");
        Assert.Equal("variable", Str(r, "status"));
        Assert.Contains("VARIANT", Str(r, "message"));
        Assert.DoesNotContain("python", Str(r, "message"));
    }

    [Fact]
    public void Arg_whose_default_uses_an_unset_variable_names_that_variable()
    {
        using var tree = new TempTree().Write("Dockerfile", "ARG REGISTRY\nARG BASE=${REGISTRY}/app:1\nFROM ${BASE}\n");
        var r = CheckJson.Run(tree).Single("${BASE}");
        Assert.Equal("variable", Str(r, "status"));
        Assert.Contains("variable REGISTRY", Str(r, "message"));
    }

    [Fact]
    public void Stage_built_on_an_earlier_stage_sees_its_env_but_not_its_args()
    {
        using var tree = new TempTree().Write("Dockerfile",
            "FROM alpine:3 AS base\nENV TOOLS=busybox:1.36\nARG LOCAL=nginx:1\nFROM base\nCOPY --from=$TOOLS /x /x\nCOPY --from=$LOCAL /y /y\n");
        var result = CheckJson.Run(tree);
        Assert.Equal("docker.io/library/busybox:1.36", Str(result.Single("$TOOLS"), "image"));
        Assert.Equal("variable", Str(result.Single("$LOCAL"), "status"));
    }

    [Fact]
    public void Advice_for_an_unset_variable_names_the_fix_BuildKit_needs()
    {
        using var tree = new TempTree().Write("Dockerfile",
            "ARG TOOLS=busybox:1.36\nFROM alpine:3\nCOPY --from=$TOOLS /x /x\nCOPY --from=tools-$TARGETARCH /y /y\nARG OTHER\nCOPY --from=$OTHER /z /z\n");
        var result = CheckJson.Run(tree);

        // The global ARG has a value but the stage does not declare it.
        Assert.Contains("add 'ARG TOOLS' to this stage", Str(result.Single("$TOOLS"), "message"));
        Assert.Contains("BuildKit sets TARGETARCH", Str(result.Single("tools-$TARGETARCH"), "message"));
        Assert.Contains("give the ARG a default or pass --build-arg OTHER=", Str(result.Single("$OTHER"), "message"));
    }
}
