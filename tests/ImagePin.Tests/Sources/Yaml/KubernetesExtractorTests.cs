using ImagePin.Sources.Yaml;
using static ImagePin.Tests.Sources.Yaml.ExtractorTestSupport;

namespace ImagePin.Tests.Sources.Yaml;

public class KubernetesExtractorTests
{
    private static YamlExtraction Kube(string text) => Extract(YamlFileKind.Kubernetes, text, "deploy.yaml");

    [Fact]
    public void Containers_at_every_depth_of_every_document()
    {
        const string text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
                - name: init
                  image: busybox:1.36
              containers:
                - name: app
                  image: "nginx:1.27"
              ephemeralContainers:
                - {name: debug, image: 'alpine:3'}
            ---
            # a CronJob: containers four levels down
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: job
                        image: ghcr.io/org/job@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            ---
            kind: ConfigMap
            data:
              containers: not a list
            ---
            # not Kubernetes: no apiVersion
            kind: Thing
            spec:
              containers: [{image: ignored:1}]
            """;
        var result = Kube(text);
        Assert.Equal([
            "container Pod/p: initContainers[0].image=busybox:1.36",
            "container Pod/p: containers[0].image=nginx:1.27",
            "container Pod/p: ephemeralContainers[0].image=alpine:3",
            "container CronJob/nightly: containers[0].image=ghcr.io/org/job@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ], Summary(result));
        Assert.All(result.Sites, s => Assert.Equal(s.Text, At(text, s)));
        Assert.Equal(["init", "app", "debug", "job"], result.Sites.Select(s => s.Facts.Name));
    }

    [Fact]
    public void Crds_with_the_pod_shape_and_argo_and_tekton_fields()
    {
        const string text = """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            spec:
              templates:
                - name: a
                  container: {image: "argo/step:1"}
                - name: b
                  script:
                    image: python:3.12
                    source: print(1)
            ---
            apiVersion: tekton.dev/v1
            kind: Task
            spec:
              stepTemplate: {image: base:1}
              steps:
                - name: build
                  image: golang:1.23
              sidecars:
                - image: docker:dind
            ---
            apiVersion: example.com/v1
            kind: Custom
            spec:
              steps: [{image: not-tekton:1}]
              template:
                spec:
                  containers: [{image: custom:1}]
            """;
        Assert.Equal([
            "container Workflow: templates[0].container.image=argo/step:1".Replace("templates[0].", ""),
            "container Workflow: script.image=python:3.12",
            "container Task: stepTemplate.image=base:1",
            "container Task: steps[0].image=golang:1.23",
            "container Task: sidecars[0].image=docker:dind",
            "container Custom: containers[0].image=custom:1",
        ], Summary(Kube(text)));
    }

    [Fact]
    public void Anchored_container_lists_are_one_place()
    {
        const string text = """
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers: &c
                    - image: app:1
                  initContainers: *c
            """;
        Assert.Single(Kube(text).Sites);
    }

    [Fact]
    public void Helm_templates_are_masked_and_marked()
    {
        const string text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ include "chart.fullname" . }}
              labels:
                {{- include "chart.labels" . | nindent 4 }}
            spec:
              template:
                spec:
                  {{- with .Values.imagePullSecrets }}
                  imagePullSecrets:
                    {{- toYaml . | nindent 8 }}
                  {{- end }}
                  containers:
                    - name: app
                      image: {{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
                    - name: quoted
                      image: "{{ .Values.registry }}/sidecar:1.0"
                    - name: fixed
                      image: busybox:1.36
            """;
        var (file, result) = YamlImageSources.Read(YamlFileKind.Kubernetes, "templates/deployment.yaml", text, YamlLimits.Default);
        Assert.True(file.Complete, string.Join("; ", file.Diagnostics));
        Assert.Equal(3, result.Sites.Count);
        Assert.Equal("{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}", result.Sites[0].Text);
        Assert.Equal(SiteDynamic.HelmTemplate, result.Sites[0].Facts.Dynamic);
        Assert.Null(result.Sites[0].Span);
        Assert.Contains("Helm", result.Sites[0].NotLiteralReason);
        Assert.Equal("{{ .Values.registry }}/sidecar:1.0", result.Sites[1].Text);
        Assert.False(result.Sites[1].Rewritable);
        Assert.True(result.Sites[2].Rewritable);
        Assert.Equal("busybox:1.36", At(text, result.Sites[2]));
        Assert.True(file.Documents[0].Root.AsMapping()!.Get("metadata", file.NewBudget()).AsMapping()!.Get("name", file.NewBudget()).AsScalar()!.HelmTemplated);
    }

    [Fact]
    public void Templates_are_masked_even_where_they_happen_to_be_valid_yaml()
    {
        // Unmasked, "{{ .Values.image }}" is valid YAML: a flow mapping whose key is a flow mapping. No scalar, no site.
        const string text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {{ .Values.image }}\n";
        var unmasked = YamlTreeBuilder.Build(text, YamlLimits.Default);
        Assert.True(unmasked.Complete);
        Assert.Empty(KubernetesExtractor.Extract(unmasked, "pod.yaml").Sites);
        var site = Assert.Single(Extract(YamlFileKind.Kubernetes, text).Sites);
        Assert.Equal(SiteDynamic.HelmTemplate, site.Facts.Dynamic);
        Assert.Equal("{{ .Values.image }}", site.Text);
    }

    [Fact]
    public void Both_branches_of_a_helm_conditional_image_are_sites()
    {
        const string text = """
            apiVersion: v1
            kind: Pod
            spec:
              containers:
                - name: redis
                  {{- if .Values.public }}
                  image: redis:alpine
                  {{- else }}
                  image: {{ .Values.repo }}/redis:alpine
                  {{- end }}
            """;
        var (file, result) = YamlImageSources.Read(YamlFileKind.Kubernetes, "t.yaml", text, YamlLimits.Default);
        Assert.Equal(YamlProblem.DuplicateKey, Assert.Single(file.Diagnostics).Problem);
        Assert.Equal(["redis:alpine", "{{ .Values.repo }}/redis:alpine"], result.Sites.Select(s => s.Text));
        Assert.True(result.Sites[0].Rewritable);
    }

    [Fact]
    public void Broken_template_yaml_is_a_located_error()
    {
        var (file, _) = YamlImageSources.Read(YamlFileKind.Kubernetes, "t.yaml", "apiVersion: v1\nkind: Pod\nspec: [{{ .x }}\n", YamlLimits.Default);
        Assert.False(file.Complete);
        Assert.Equal(YamlProblem.Syntax, file.Diagnostics[0].Problem);
    }

    [Fact]
    public void Masking_keeps_offsets_and_leaves_template_free_text_alone()
    {
        var mask = HelmTemplateMask.Apply("a: {{ x }}\n  {{- if y }}\nb: \"{{ z }}\"\n{{ unclosed\n");
        Assert.Equal("a: xxxxxxx\n             \nb: \"xxxxxxx\"\n           \n", mask.Text);
        Assert.Same("plain: text\n", HelmTemplateMask.Apply("plain: text\n").Text);
    }
}
