using System.IO.Compression;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Distribution;

/// <summary>
/// The .NET tool package as users get it: packed from this build, installed into a temporary tool path from a local
/// package source only (a nuget.config that clears every other source, and an empty package cache, so nothing else can
/// be fetched), and run on the repository's examples.
/// </summary>
public sealed class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    [Fact]
    public void Packed_tool_installs_from_a_local_source_alone_and_checks_the_examples_as_the_built_cli_does()
    {
        var repo = SharedCorpus.RepoRoot;
        using var work = new TempTree();
        var source = work.PathOf("source");
        var packages = work.PathOf("packages");
        var tools = work.PathOf("tools");

        // --no-build: the package holds exactly the assemblies these tests ran against.
        ExternalTool.Succeed(repo, "dotnet", "pack", Path.Combine(repo, "src", "ImagePin.Cli", "ImagePin.Cli.csproj"), "-c", Configuration, "--no-build", "-o", source, "--nologo");
        var package = Assert.Single(Directory.GetFiles(source, "imagepin.*.nupkg"));
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", names);
            Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", names);
            Assert.Contains("tools/net10.0/any/imagepin.dll", names);
            // English only: no satellite assemblies.
            Assert.DoesNotContain(names, n => n.EndsWith(".resources.dll", StringComparison.Ordinal));
        }

        work.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{source}" />
              </packageSources>
            </configuration>
            """);
        var environment = new Dictionary<string, string?>(Quiet) { ["NUGET_PACKAGES"] = packages };
        var (installed, installOut, installError) = ExternalTool.Run(work.Root, environment, "dotnet", "tool", "install", "imagepin",
            "--tool-path", tools, "--add-source", source, "--configfile", work.PathOf("nuget.config"));
        Assert.True(installed == 0, $"dotnet tool install: exit {installed}: {installOut}{installError}");
        // Nothing but imagepin came into the (empty) package cache: the tool package depends on nothing.
        var fetched = Directory.Exists(packages) ? Directory.GetDirectories(packages).Select(Path.GetFileName).ToList() : [];
        Assert.All(fetched, name => Assert.Equal("imagepin", name));

        var tool = Path.Combine(tools, "imagepin");
        var version = ExternalTool.Succeed(work.Root, tool, "--version");
        Assert.StartsWith(typeof(ImagePin.Cli.Program).Assembly.GetName().Version!.ToString(3), version);

        var (code, json, _) = ExternalTool.Run(repo, Quiet, tool, "check", "examples", "--format", "json");
        var inProcess = CliRun.Invoke(repo, "check", "examples", "--format", "json");
        Assert.Equal(1, code);
        Assert.Equal(inProcess.ExitCode, code);
        Assert.Equal(inProcess.Out, json);
        Assert.Contains("\"rule\": \"IP001\"", json);
    }
}
