using ImagePin.Classification;
using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Yaml;

/// <summary>The YAML sources without a registry: which files they read, edit sites, suppression, included files and their bounds.</summary>
public sealed class YamlSourceTests
{
    private static ScanResult Scan(TempTree tree, ScanOptions? options = null, params string[] paths) =>
        new Scanner(SourceCatalog.Create(new Dictionary<string, string>()), ReferencePolicy.Default, options ?? ScanOptions.Default, tree.Root).Scan(paths);

    private static List<PinFailure> PinFailures(ScanResult scan) => PinPlanner.Plan(scan.Files).Failures;

    [Fact]
    public void An_anchor_also_used_outside_image_fields_is_not_rewritten_and_a_shared_one_is_a_definition()
    {
        using var tree = new TempTree().Write("compose.yaml", """
            x-img: &img nginx:1.27
            x-shared: &shared redis:7
            services:
              web:
                image: *img
                environment:
                  UPSTREAM: *img
              a: {image: *shared}
              b: {image: *shared}
            """);

        var scan = Scan(tree);

        var (targets, failures) = PinPlanner.Plan(scan.Files);
        var failure = Assert.Single(failures);
        Assert.Equal(1, failure.Line);
        Assert.Contains("anchor &img is also used on line 7 under 'UPSTREAM'", failure.Error);
        var target = Assert.Single(targets);
        Assert.Equal((2, "redis:7"), (target.Line, target.Shown));
        var literal = Assert.IsType<EditSite.Literal>(scan.Files.Single().References[target.Index].Occurrence.Edit);
        Assert.Equal("the anchor &shared", literal.Definition!.Name);
    }

    [Fact]
    public void Suppression_comments_above_or_after_an_image_mark_it_ignored()
    {
        using var tree = new TempTree().Write(".gitlab-ci.yml", """
            a:
              # imagepin:ignore mirrored by hand
              image: alpine:3
            b:
              image: busybox:1 # imagepin:ignore
            c:
              image: debian:12 # imagepin:ignored is not the marker
            d:
              image: ubuntu:24.04 # IMAGEPIN: Ignore same rules as Dockerfiles
            """);

        var findings = Scan(tree).Report.Findings;

        Assert.Equal([ReferenceStatus.Ignored, ReferenceStatus.Ignored, ReferenceStatus.Tag, ReferenceStatus.Ignored], findings.Select(f => f.Status));
        Assert.Contains("mirrored by hand", findings[0].Message);
    }

    [Fact]
    public void Files_named_on_the_command_line_are_read_by_content_and_yaml_of_no_kind_is_not_read_as_a_dockerfile()
    {
        using var tree = new TempTree()
            .Write("stack.yml", "services:\n  web:\n    image: nginx:1\n")
            .Write("pod.yml", "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: alpine:3}]\n")
            .Write("values.yaml", "image:\n  repository: nginx\n")
            .Write("build.docker", "FROM alpine:3\n");

        var scan = Scan(tree, null, "stack.yml", "pod.yml", "values.yaml", "build.docker");

        Assert.Equal([("build.docker", "dockerfile"), ("pod.yml", "kubernetes"), ("stack.yml", "compose")],
            scan.Report.Findings.Select(f => (f.File, f.Kind)).Order());
        Assert.Empty(scan.Report.Errors);
    }

    [Fact]
    public void A_value_from_dotenv_is_reported_not_written_and_env_files_are_not_walked()
    {
        using var tree = new TempTree()
            .Write(".env", "WEB=nginx:1.27 # comment\nAPP_TAG=2\n")
            .Write("compose.yaml", "services:\n  web:\n    image: ${WEB:-nginx:1}\n  app:\n    image: registry.example/app:${APP_TAG}\n");

        var scan = Scan(tree);

        Assert.Equal(["docker.io/library/nginx:1.27", "registry.example/app:2"], scan.Report.Findings.Select(f => f.Image));
        var failures = PinFailures(scan);
        Assert.Contains("comes from .env (WEB)", failures[0].Error);
        Assert.Contains("composed from variables", failures[1].Error);
    }

    [Fact]
    public void Gitlab_includes_are_read_once_even_in_a_cycle_and_the_depth_is_bounded()
    {
        using var tree = new TempTree()
            .Write(".gitlab-ci.yml", "include: [{local: ci/a.yml}]\nroot:\n  image: alpine:1\n")
            .Write("ci/a.yml", "include: {local: /ci/b.yml}\na:\n  image: alpine:2\n")
            .Write("ci/b.yml", "include:\n  - local: ci/c.yml\n  - local: .gitlab-ci.yml\nb:\n  image: alpine:3\n")
            .Write("ci/c.yml", "c:\n  image: alpine:4\n");

        var all = Scan(tree);
        Assert.Equal(["alpine:1", "alpine:2", "alpine:3", "alpine:4"], all.Report.Findings.Select(f => f.Text).Order(StringComparer.Ordinal));
        Assert.Empty(all.Report.Errors);

        var bounded = Scan(tree, new ScanOptions(MaxRelatedDepth: 2));
        Assert.Equal(["alpine:1", "alpine:2", "alpine:3"], bounded.Report.Findings.Select(f => f.Text).Order(StringComparer.Ordinal));
        var error = Assert.Single(bounded.Report.Errors);
        Assert.Equal(("ci/b.yml", 2), (error.File, error.Line));
        Assert.Contains("ci/c.yml is not read: includes go more than 2 files deep", error.Message);
    }

    [Fact]
    public void A_gitlab_include_outside_the_repository_or_missing_is_a_located_error()
    {
        using var outside = new TempTree().Write("x.yml", "x:\n  image: alpine:9\n");
        using var tree = new TempTree()
            .Write(".git/HEAD", "ref: refs/heads/main\n")
            .Write(".gitlab-ci.yml", $"include:\n  - local: ../{Path.GetFileName(outside.Root)}/x.yml\n  - local: missing.yml\njob:\n  image: alpine:1\n");

        var scan = Scan(tree);

        Assert.Equal("alpine:1", Assert.Single(scan.Report.Findings).Text);
        Assert.Equal([(2, true), (3, false)], scan.Report.Errors.Select(e => (e.Line!.Value, e.Message.Contains("outside the repository", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_gitlab_dependency_proxy_image_is_the_docker_hub_image_and_pinned_after_the_prefix()
    {
        using var tree = new TempTree().Write(".gitlab-ci.yml", "job:\n  image: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/busybox:1.36\n  services: [\"$CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/$NAME:1\"]\n");

        var scan = Scan(tree);

        Assert.Equal([(ReferenceStatus.Tag, "docker.io/library/busybox:1.36"), (ReferenceStatus.Variable, null)], scan.Report.Findings.Select(f => (f.Status, f.Image)));
        var target = Assert.Single(PinPlanner.Plan(scan.Files).Targets);
        Assert.Equal(scan.Files[0].Document!.Text.IndexOf("1.36", StringComparison.Ordinal) + 4, target.InsertAt);
    }

    [Fact]
    public void A_large_yaml_file_no_name_claims_is_passed_over_quietly_unless_it_starts_as_a_manifest()
    {
        using var tree = new TempTree().Write("api/openapi.yaml", "openapi: 3.0.0\n").Write("deploy/crds.yaml", "apiVersion: v1\nkind: List\n");
        foreach (var path in (string[])["api/openapi.yaml", "deploy/crds.yaml"])
            using (var file = File.OpenWrite(tree.PathOf(path))) file.SetLength(5 * 1024 * 1024);

        var report = Scan(tree).Report;

        Assert.Equal("deploy/crds.yaml", Assert.Single(report.Notes).Split(':')[0]);
        Assert.Equal(0, report.FilesScanned);
    }

    [Fact]
    public void An_image_a_building_service_reaches_through_extends_is_built_in_this_file_and_in_an_extended_file()
    {
        using var tree = new TempTree()
            .Write("compose.yaml", """
                services:
                  base:
                    image: example/app:dev
                  web:
                    extends: base
                    build: .
                  worker:
                    extends: {file: common/services.yml, service: job}
                    build: ./worker
                  cache:
                    extends: {file: common/services.yml, service: redis}
                """)
            .Write("common/services.yml", "services:\n  job:\n    image: example/worker:dev\n  redis:\n    image: redis:7\n");

        var findings = Scan(tree).Report.Findings;

        Assert.Equal([("example/app:dev", ReferenceStatus.Built), ("example/worker:dev", ReferenceStatus.Built), ("redis:7", ReferenceStatus.Tag)],
            findings.Select(f => (f.Text, f.Status)));
    }

    [Fact]
    public void Gitlab_variables_the_file_defines_give_the_image_but_are_not_rewritten()
    {
        using var tree = new TempTree().Write(".gitlab-ci.yml", """
            variables:
              BASE: alpine:3.19
              TAG: "1.2"
            build:
              variables: {BASE: {value: "debian:12", description: the build image}}
              image: $BASE
            test:
              image: registry.example/app:${TAG}
            other:
              image: $CI_REGISTRY_IMAGE/x:$TAG
            """);

        var scan = Scan(tree);

        Assert.Equal([(ReferenceStatus.Tag, "docker.io/library/debian:12"), (ReferenceStatus.Tag, "registry.example/app:1.2"), (ReferenceStatus.Variable, null)],
            scan.Report.Findings.Select(f => (f.Status, f.Image)));
        var failures = PinFailures(scan);
        Assert.Equal(2, failures.Count);
        Assert.Contains("CI/CD variable BASE (line 5)", failures[0].Error);
        Assert.Contains("CI/CD variable TAG (line 3)", failures[1].Error);
    }

    [Fact]
    public void Block_scalars_and_multi_line_values_are_reported_with_the_reason_not_rewritten()
    {
        using var tree = new TempTree().Write("compose.yaml", "services:\n  a:\n    image: >-\n      nginx:1\n  b:\n    image: \"nginx:\\x312\"\n");

        var failures = PinFailures(Scan(tree));

        Assert.Equal(2, failures.Count);
        Assert.Contains("folded block scalar", failures[0].Error);
        Assert.Contains("escape sequences", failures[1].Error);
    }
}
