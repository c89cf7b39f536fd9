using System.Text;
using System.Text.Json;
using ImagePin.Tests.Infrastructure;
using ImagePin.Tests.Registry.Support;

namespace ImagePin.Tests.Sources.Yaml;

/// <summary>
/// `check`, `pin`, `verify` and `update` over Compose files, Kubernetes manifests, GitHub Actions and GitLab CI files
/// against the real test registries: every form each source reads, and every byte around the references kept
/// (comments, quotes, anchors, flow collections, blank lines, CRLF, BOM).
/// </summary>
public sealed class YamlCommandTests
{
    /// <summary>Images pushed for one test, by the placeholder that stands for them in a template (<c>&lt;A&gt;</c>).</summary>
    private sealed class Images
    {
        private readonly Dictionary<string, (string Repository, string Tag, string Digest)> images = [];

        public static async Task<Images> PushAsync(params (string Placeholder, string Tag)[] wanted)
        {
            var result = new Images();
            foreach (var (placeholder, tag) in wanted)
            {
                var repository = TestRegistries.UniqueRepository("yaml-" + placeholder.ToLowerInvariant());
                var pushed = await Pushers.Open().PushImageAsync(repository, tag, ImageFormat.Oci);
                result.images[placeholder] = (repository, tag, pushed.Digest);
            }
            return result;
        }

        /// <summary>Pushes a new image under every tag, so each pin is behind.</summary>
        public async Task MoveAllAsync()
        {
            foreach (var (placeholder, (repository, tag, _)) in images.ToList())
                images[placeholder] = (repository, tag, (await Pushers.Open().PushImageAsync(repository, tag, ImageFormat.Oci)).Digest);
        }

        public string Digest(string placeholder) => images[placeholder].Digest;

        /// <summary>
        /// <c>&lt;A&gt;</c> → the image's name; <c>&lt;A@&gt;</c> → <c>@digest</c> when <paramref name="pinned"/>, else nothing;
        /// <c>&lt;A:latest@&gt;</c> likewise with the tag pin makes explicit.
        /// </summary>
        public string Fill(string template, bool pinned)
        {
            foreach (var (placeholder, (repository, _, digest)) in images)
                template = template.Replace($"<{placeholder}@>", pinned ? "@" + digest : "", StringComparison.Ordinal)
                    .Replace($"<{placeholder}:latest@>", pinned ? ":latest@" + digest : "", StringComparison.Ordinal)
                    .Replace($"<{placeholder}>", $"{TestRegistries.Open}/{repository}", StringComparison.Ordinal);
            return template;
        }
    }

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.Out.Length > 0, "no JSON; stderr: " + run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private static List<JsonElement> References(CliRun run) => [.. Json(run).GetProperty("references").EnumerateArray()];

    private static string Status(JsonElement reference) => reference.GetProperty("status").GetString()!;

    /// <summary>
    /// check finds every reference with its kind; pin writes exactly <paramref name="template"/> pinned; verify says
    /// current; after every tag moves verify says behind and update writes the new digests, nothing else.
    /// </summary>
    private static async Task PinVerifyUpdateAsync(TempTree tree, Images images, Dictionary<string, string> templates, string kind, int expectedPins, params string[] extraArgs)
    {
        foreach (var (path, template) in templates) tree.WriteBytes(path, Encode(images.Fill(template, pinned: false)));

        var check = CliRun.Invoke(tree.Root, ["check", "--format", "json", .. extraArgs]);
        Assert.True(check.Error.Length == 0, check.Error);
        var found = References(check).Where(r => r.GetProperty("kind").GetString() == kind).ToList();
        Assert.Equal(expectedPins, found.Count(r => Status(r) is "tag" or "latest" or "untagged"));

        var pin = CliRun.Invoke(tree.Root, ["pin", "--format", "json", .. extraArgs]);
        Assert.True(pin.ExitCode == 0, pin.Out + pin.Error);
        Assert.Equal(expectedPins, Json(pin).GetProperty("changes").GetArrayLength());
        foreach (var (path, template) in templates) Assert.Equal(Encode(images.Fill(template, pinned: true)), File.ReadAllBytes(tree.PathOf(path)));
        // Every digest written is the one skopeo computes from the registry's manifest.
        foreach (var change in Json(pin).GetProperty("changes").EnumerateArray())
            Assert.Equal(await Skopeo.RawManifestDigestAsync(change.GetProperty("image").GetString()!), change.GetProperty("digest").GetString());

        var again = CliRun.Invoke(tree.Root, ["pin", "--format", "json", .. extraArgs]);
        Assert.Equal(0, Json(again).GetProperty("changes").GetArrayLength());

        var verify = CliRun.Invoke(tree.Root, ["verify", "--format", "json", .. extraArgs]);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.All(References(verify).Where(r => r.GetProperty("kind").GetString() == kind && Status(r) is not ("variable" or "built" or "ignored")),
            r => Assert.Equal("current", Status(r)));

        await images.MoveAllAsync();
        var behind = CliRun.Invoke(tree.Root, ["verify", "--format", "json", .. extraArgs]);
        Assert.Equal(expectedPins, References(behind).Count(r => Status(r) == "behind"));

        var update = CliRun.Invoke(tree.Root, ["update", "--format", "json", .. extraArgs]);
        Assert.True(update.ExitCode == 0, update.Out + update.Error);
        Assert.Equal(expectedPins, Json(update).GetProperty("changes").GetArrayLength());
        foreach (var (path, template) in templates) Assert.Equal(Encode(images.Fill(template, pinned: true)), File.ReadAllBytes(tree.PathOf(path)));
    }

    /// <summary>Templates starting with U+FEFF are written with a UTF-8 BOM.</summary>
    private static byte[] Encode(string text) =>
        text.StartsWith('\uFEFF') ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text[1..])] : Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Compose_every_form_is_pinned_where_its_text_lives_then_verified_and_updated()
    {
        var images = await Images.PushAsync(("A", "1"), ("B", "2"), ("C", "latest"), ("D", "4"), ("E", "5"), ("F", "6"), ("G", "7"));
        const string compose = """
            # The project's services.
            x-base: &base
              image: <A>:1<A@>   # shared by two services
              restart: always

            services:
              web:
                image: "<B>:2<B@>"        # double-quoted
              worker:
                image: '<C><C:latest@>'
              cache:
                <<: *base
              cache2:
                <<: *base

              flow: {image: <D>:4<D@>, ports: ["80:80"]}
              app:
                image: ${APP_IMAGE:-<E>:5<E@>}
              built:
                build: .
                image: <F>:6
              legacy:
                extends: worker
              pinned:
                image: <G>:7<G@>
            """;
        using var tree = new TempTree();
        // The anchored image is one reference (pinned once for both services); the built one is not pinned.
        await PinVerifyUpdateAsync(tree, images, new() { ["compose.yaml"] = compose }, "compose", expectedPins: 6);

        var found = References(CliRun.Invoke(tree.Root, "check", "--format", "json"));
        Assert.Equal(7, found.Count);
        Assert.All(found, r => Assert.Equal(("compose", "service"), (r.GetProperty("kind").GetString(), r.GetProperty("context").GetString())));
        Assert.Equal("built", Status(found.Single(r => r.GetProperty("text").GetString()!.EndsWith(":6", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Compose_interpolation_uses_env_then_dotenv_and_writes_only_into_a_default()
    {
        var images = await Images.PushAsync(("A", "1"), ("B", "2"), ("C", "3"));
        using var tree = new TempTree()
            .Write(".env", images.Fill("FROM_DOTENV=<B>:2\nREGISTRY_HOST=ignored\n", false))
            .Write("docker-compose.yml", images.Fill("""
                services:
                  a:
                    image: ${A_IMAGE-<A>:1}
                  b:
                    image: ${FROM_DOTENV}
                  c:
                    image: $REG/x:3
                  d:
                    image: ${NOWHERE:?set NOWHERE}
                """, false));

        var check = CliRun.Invoke(tree.Root, "check", "--format", "json", "--env", $"REG={TestRegistries.Open}");
        var found = References(check);
        Assert.Equal(["tag", "tag", "tag", "variable"], found.Select(Status));
        Assert.Equal(images.Fill("<B>:2", false), found[1].GetProperty("image").GetString());
        Assert.Equal($"{TestRegistries.Open}/x:3", found[2].GetProperty("image").GetString());
        Assert.Contains("pass --env NOWHERE=", found[3].GetProperty("message").GetString());

        var original = tree.Read("docker-compose.yml");
        var pin = CliRun.Invoke(tree.Root, "pin", "--format", "json", "--env", $"REG={TestRegistries.Open}");
        Assert.Equal(1, pin.ExitCode);
        Assert.Equal(original.Replace(images.Fill("<A>:1}", false), images.Fill("<A>:1@", false) + images.Digest("A") + "}", StringComparison.Ordinal),
            tree.Read("docker-compose.yml"));
        var failures = Json(pin).GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("error").GetString()!).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("comes from .env (FROM_DOTENV)", StringComparison.Ordinal) && f.Contains("does not write .env", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("composed from variables", StringComparison.Ordinal));
        Assert.Equal(images.Fill("FROM_DOTENV=<B>:2\nREGISTRY_HOST=ignored\n", false), tree.Read(".env"));

        // A value given with --env wins over the default, and is not written anywhere.
        var given = CliRun.Invoke(tree.Root, "check", "--format", "json", "--env", $"A_IMAGE={images.Fill("<C>:3", false)}", "--env", "REG=r.example");
        Assert.Equal(images.Fill("<C>:3", false), References(given)[0].GetProperty("image").GetString());
        var bad = CliRun.Invoke(tree.Root, "check", "--env", "=x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--env '=x': expected NAME=VALUE", bad.Error);
    }

    [Fact]
    public async Task Compose_extends_file_is_pinned_in_the_file_that_holds_the_image()
    {
        var images = await Images.PushAsync(("A", "1"), ("B", "2"));
        using var tree = new TempTree();
        var templates = new Dictionary<string, string>
        {
            ["app/compose.yaml"] = """
                services:
                  web:
                    extends:
                      file: ../common/services.yml   # not a compose name: read because web extends it
                      service: base
                  api:
                    image: <B>:2<B@>
                """,
            ["common/services.yml"] = """
                services:
                  base:
                    image: <A>:1<A@>
                    environment: [MODE=prod]
                """,
        };
        await PinVerifyUpdateAsync(tree, images, templates, "compose", expectedPins: 2);
        var check = CliRun.Invoke(tree.Root, "check", "--format", "json");
        Assert.Equal(["app/compose.yaml", "common/services.yml"], References(check).Select(r => r.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compose_extends_outside_the_repository_or_missing_is_a_located_error_and_not_read()
    {
        using var outside = new TempTree().Write("evil.yml", "services:\n  base:\n    image: nginx:1\n");
        using var tree = new TempTree()
            .Write(".git/HEAD", "ref: refs/heads/main\n")
            .Write("compose.yaml", $"services:\n  a:\n    extends:\n      file: {outside.PathOf("evil.yml")}\n      service: base\n  b:\n    extends: {{file: nope.yml, service: x}}\n  c:\n    image: alpine:3\n");

        var run = CliRun.Invoke(tree.Root, "check", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("alpine:3", Assert.Single(References(run)).GetProperty("text").GetString());
        var errors = Json(run).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(errors, e => e.Item1 == 4 && e.Item2.Contains("lies outside the repository", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == 7 && e.Item2.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubernetes_manifests_with_bom_and_crlf_are_pinned_byte_for_byte_and_helm_templates_left_alone()
    {
        var images = await Images.PushAsync(("A", "1"), ("B", "2"), ("C", "3"), ("D", "4"), ("E", "5"));
        var manifest = "\uFEFF# Deployment and a CronJob\r\n" +
            "apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata: {name: web}\r\nspec:\r\n  template:\r\n    spec:\r\n" +
            "      initContainers:\r\n        - name: init\r\n          image: \"<A>:1<A@>\"\r\n" +
            "      containers:\r\n        - name: web\r\n          image: <B>:2<B@>   # web\r\n\r\n" +
            "        - {name: side, image: '<C>:3<C@>'}\r\n" +
            "---\r\napiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n" +
            "          containers:\r\n          - name: job\r\n            image: <D>:4<D@>\r\n";
        var chart = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                    {{- if .Values.sidecar }}
                    - name: sidecar
                      image: <E>:5<E@>
                    {{- end }}
            """;
        using var tree = new TempTree();
        await PinVerifyUpdateAsync(tree, images, new() { ["deploy/app.yaml"] = manifest, ["chart/templates/deployment.yaml"] = chart }, "kubernetes", expectedPins: 5);

        var check = References(CliRun.Invoke(tree.Root, "check", "--format", "json"));
        var helm = check.Single(r => r.GetProperty("text").GetString()!.Contains("{{", StringComparison.Ordinal));
        Assert.Equal(("variable", "container"), (Status(helm), helm.GetProperty("context").GetString()));
        Assert.Contains(".Values.image.repository", helm.GetProperty("message").GetString());
    }

    [Fact]
    public async Task GitHub_Actions_workflow_and_action_forms_are_pinned_and_expressions_left_alone()
    {
        var images = await Images.PushAsync(("A", "1"), ("B", "2"), ("C", "3"), ("D", "4"), ("E", "5"), ("F", "6"));
        var workflow = """
            name: ci
            on: [push]

            jobs:
              test:
                runs-on: ubuntu-latest
                container: <A>:1<A@>
                services:
                  db:
                    image: <B>:2<B@>   # the database
                  cache: {image: "<C>:3<C@>"}
                steps:
                  - uses: actions/checkout@v4
                  - uses: docker://<D>:4<D@>
                    with: {args: lint}
              matrix:
                runs-on: ubuntu-latest
                container:
                  image: <E>:5<E@>
                  options: --user 1001
                strategy: {matrix: {image: [a, b]}}
                services:
                  dyn:
                    image: ${{ matrix.image }}
            """;
        var action = """
            name: tool
            runs:
              using: docker
              image: 'docker://<F>:6<F@>'
            """;
        using var tree = new TempTree();
        await PinVerifyUpdateAsync(tree, images, new() { [".github/workflows/ci.yml"] = workflow, ["tools/lint/action.yml"] = action }, "github-actions", expectedPins: 6);

        var check = References(CliRun.Invoke(tree.Root, "check", "--format", "json"));
        Assert.Equal(["container", "service", "service", "uses", "container", "service", "image"], check.Select(r => r.GetProperty("context").GetString()));
        var expression = check.Single(r => Status(r) == "variable");
        Assert.Contains("matrix.image", expression.GetProperty("message").GetString());
    }

    [Fact]
    public async Task GitLab_CI_forms_and_local_includes_are_pinned_where_the_text_lives()
    {
        var images = await Images.PushAsync(("A", "1"), ("B", "2"), ("C", "3"), ("D", "4"), ("E", "5"), ("F", "6"), ("G", "7"));
        var root = """
            include:
              - local: /ci/build.yml
              - local: 'ci/jobs/*.yml'
              - project: group/other
                file: /templates/x.yml
              - remote: https://example.com/ci.yml

            image: <A>:1<A@>
            services:
              - <B>:2<B@>

            default:
              image: {name: "<C>:3<C@>", entrypoint: [""]}

            test:
              image: $CI_REGISTRY_IMAGE/test:latest
              services:
                - name: <D>:4<D@>
                  alias: db
              script: [make test]
            """;
        const string build = """
            # included: the text lives here, so the digest goes here
            build:
              image: <E>:5<E@>
              script: [make]
            """;
        const string lint = "lint:\n  image: <F>:6<F@>\n  script: [lint]\n";
        const string deploy = "deploy:\n  image: <G>:7<G@>\n  script: [deploy]\n";
        using var tree = new TempTree();
        await PinVerifyUpdateAsync(tree, images, new()
        {
            [".gitlab-ci.yml"] = root,
            ["ci/build.yml"] = build,
            ["ci/jobs/lint.yml"] = lint,
            ["ci/jobs/deploy.yml"] = deploy,
        }, "gitlab-ci", expectedPins: 7);

        var check = References(CliRun.Invoke(tree.Root, "check", "--format", "json"));
        Assert.Equal(["image", "service", "image", "image", "service"], check.Where(r => r.GetProperty("file").GetString() == ".gitlab-ci.yml").Select(r => r.GetProperty("context").GetString()));
        var variable = check.Single(r => Status(r) == "variable");
        Assert.Contains("CI_REGISTRY_IMAGE", variable.GetProperty("message").GetString());
        Assert.Equal(["ci/build.yml", "ci/jobs/deploy.yml", "ci/jobs/lint.yml"], check.Select(r => r.GetProperty("file").GetString()!).Where(f => f.StartsWith("ci/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bad_yaml_files_are_located_errors_the_run_goes_on_and_they_stay_unchanged()
    {
        var images = await Images.PushAsync(("A", "1"));
        var bomb = new StringBuilder("apiVersion: v1\nkind: Pod\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 9; i++)
            bomb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(",", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 9))}]\n");
        bomb.Append("spec:\n  containers:\n    - name: x\n      image: nginx:1\n      args: *i\n");
        var bad = new Dictionary<string, string>
        {
            ["invalid/compose.yaml"] = "services:\n  web:\n    image: nginx:1\n  bad: [unclosed\n",
            ["dupes/compose.yaml"] = "services:\n  web:\n    image: nginx:1\n    image: nginx:2\n",
            ["tabs/compose.yaml"] = "services:\n  web:\n\timage: nginx:1\n",
            ["bomb/pod.yaml"] = bomb.ToString(),
        };
        using var tree = new TempTree().Write("good/compose.yaml", images.Fill("services:\n  web:\n    image: <A>:1\n", false));
        foreach (var (path, text) in bad) tree.Write(path, text);
        // A 1 GB file (sparse: nothing is written, and imagepin must not read it).
        tree.Write("huge/compose.yaml", "");
        using (var huge = File.OpenWrite(tree.PathOf("huge/compose.yaml"))) huge.SetLength(1L << 30);

        var check = CliRun.Invoke(tree.Root, "check", "--format", "json");
        Assert.Equal(1, check.ExitCode);
        var errors = Json(check).GetProperty("errors").EnumerateArray()
            .Select(e => (File: e.GetProperty("file").GetString()!, Line: e.GetProperty("line").GetInt32(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(errors, e => e.File == "invalid/compose.yaml" && e.Line == 5);
        Assert.Contains(errors, e => e.File == "dupes/compose.yaml" && e.Line == 4 && e.Message.Contains("duplicate key 'image'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == "tabs/compose.yaml" && e.Line == 3 && e.Message.Contains("tab", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == "bomb/pod.yaml" && e.Line == 1 && e.Message.Contains("alias bomb", StringComparison.Ordinal));
        Assert.Contains("huge/compose.yaml: skipped, 1,073,741,824 bytes", check.Error);

        var pin = CliRun.Invoke(tree.Root, "pin", "--format", "json");
        Assert.Equal(1, pin.ExitCode);
        Assert.Equal(images.Fill("services:\n  web:\n    image: <A>:1<A@>\n", true), tree.Read("good/compose.yaml"));
        foreach (var (path, text) in bad) Assert.Equal(text, tree.Read(path));
        Assert.Equal(1L << 30, new FileInfo(tree.PathOf("huge/compose.yaml")).Length);
    }
}
