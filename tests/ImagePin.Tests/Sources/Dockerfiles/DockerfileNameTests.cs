using ImagePin.Policy;
using ImagePin.Scanning;
using ImagePin.Sources;
using ImagePin.Sources.Dockerfiles;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Dockerfiles;

/// <summary>Which names a folder walk reads as Dockerfiles: Renovate's default match, less names of other file types.</summary>
public sealed class DockerfileNameTests
{
    [Theory]
    [InlineData("Dockerfile")]
    [InlineData("dockerfile")]
    [InlineData("Containerfile")]
    [InlineData("Dockerfile.alpine")]
    [InlineData("Dockerfile-alpine")]
    [InlineData("Dockerfile_dev")]
    [InlineData("Dockerfile2")]
    [InlineData("Dockerfile-slim.template")]
    [InlineData("Dockerfile.env")]
    [InlineData("Containerfile3")]
    [InlineData("Containerfile.fedora")]
    [InlineData("build.Dockerfile")]
    [InlineData("prod.dockerfile")]
    [InlineData("app.containerfile")]
    [InlineData("app.Containerfile")]
    public void Dockerfile_names_are_walked(string name) => Assert.True(DockerfileNames.IsDockerfile(name), name);

    [Theory]
    [InlineData("Dockerfile.md")]
    [InlineData("Dockerfile.txt")]
    [InlineData("Dockerfile-build.sh")]
    [InlineData("Dockerfile.py")]
    [InlineData("Dockerfile.json")]
    [InlineData("Dockerfile.yml")]
    [InlineData("Dockerfile.yaml")]
    [InlineData("Dockerfile.dockerignore")]
    [InlineData("app.Dockerfile.dockerignore")]
    [InlineData(".dockerignore")]
    [InlineData("Dockerfile.orig")]
    [InlineData("docker-compose.yml")]
    [InlineData("MyDockerfile")]
    [InlineData("README.md")]
    public void Other_files_are_not(string name) => Assert.False(DockerfileNames.IsDockerfile(name), name);

    /// <summary>
    /// Over real-dockerfiles, a walk of the folder finds as many FROM references in each file as naming every file does,
    /// except the dependabot fixtures whose names (tag, digest, multi_stage…) say nothing of Docker.
    /// </summary>
    [Fact]
    public void A_folder_walk_finds_every_FROM_that_naming_every_file_finds()
    {
        var output = TestContext.Current.TestOutputHelper;
        var root = SharedCorpus.PathOf("real-dockerfiles");
        Scanner NewScanner() => new(SourceCatalog.Create(new Dictionary<string, string>()), ReferencePolicy.Default, ScanOptions.Default, root);
        var named = File.ReadLines(Path.Combine(root, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).Select(c => $"{c[0]}/{c[2]}").ToList();

        var explicitly = FromCounts(NewScanner().Scan(named));
        var walked = FromCounts(NewScanner().Scan([]));

        static bool SaysDocker(string path) =>
            path[(path.LastIndexOf('/') + 1)..] is var name && (name.Contains("dockerfile", StringComparison.OrdinalIgnoreCase) || name.Contains("containerfile", StringComparison.OrdinalIgnoreCase));
        var dockerNamed = named.Where(SaysDocker).ToList();
        var missed = dockerNamed.Where(p => explicitly.GetValueOrDefault(p) != walked.GetValueOrDefault(p)).ToList();
        output?.WriteLine($"named explicitly: {named.Count} files, {explicitly.Values.Sum()} FROM references");
        output?.WriteLine($"folder walk: {walked.Count} files with FROM, {walked.Values.Sum()} FROM references");
        output?.WriteLine($"files whose names say nothing of Docker: {named.Count - dockerNamed.Count}, {named.Except(dockerNamed).Sum(p => explicitly.GetValueOrDefault(p))} FROM references");
        Assert.True(missed.Count == 0, "the walk finds a different count in: " + string.Join(", ", missed.Take(20)));
        Assert.Equal(dockerNamed.Sum(p => explicitly.GetValueOrDefault(p)), walked.Values.Sum());
    }

    private static Dictionary<string, int> FromCounts(ScanResult scan) =>
        scan.Report.Findings.Where(f => f.Context == "from").GroupBy(f => f.File).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
