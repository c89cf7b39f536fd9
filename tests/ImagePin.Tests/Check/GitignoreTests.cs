using ImagePin.Tests.Infrastructure;
using static ImagePin.Tests.Check.CheckJson;

namespace ImagePin.Tests.Check;

/// <summary>
/// Which Dockerfiles check skips by .gitignore and .git/info/exclude, following git: all applicable
/// files' patterns in order (exclude, then .gitignore from the shallowest folder to the deepest), the
/// last match decides, and a negation cannot re-include a file in an ignored folder.
/// </summary>
public class GitignoreTests
{
    private static List<string?> CheckedFiles(TempTree tree, params string[] extra) =>
        CheckJson.Run(tree, extra).References.Select(r => Str(r, "file")).ToList();

    [Fact]
    public void Negation_in_a_deeper_gitignore_re_includes_a_file()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "Dockerfile.*\n")
            .Write("sub/.gitignore", "!Dockerfile.prod\n")
            .Write("Dockerfile.prod", "FROM top:1\n")
            .Write("sub/Dockerfile.prod", "FROM prod:1\n")
            .Write("sub/Dockerfile.dev", "FROM dev:1\n");

        Assert.Equal(["sub/Dockerfile.prod"], CheckedFiles(tree));
    }

    [Fact]
    public void Negation_later_in_the_same_file_re_includes_a_file()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "# images\nDockerfile.*\n!Dockerfile.prod\n")
            .Write("Dockerfile.prod", "FROM prod:1\n")
            .Write("Dockerfile.dev", "FROM dev:1\n")
            .Write("app/Dockerfile.prod", "FROM app:1\n");

        Assert.Equal(["Dockerfile.prod", "app/Dockerfile.prod"], CheckedFiles(tree));
    }

    [Fact]
    public void Pattern_after_a_negation_ignores_again()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "!Dockerfile.prod\nDockerfile.*\n")
            .Write("Dockerfile.prod", "FROM prod:1\n")
            .Write("Dockerfile", "FROM keep:1\n");

        Assert.Equal(["Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Deeper_gitignore_can_ignore_what_a_shallower_one_re_included()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "Dockerfile.*\n!Dockerfile.prod\n")
            .Write("sub/.gitignore", "Dockerfile.prod\n")
            .Write("Dockerfile.prod", "FROM top:1\n")
            .Write("sub/Dockerfile.prod", "FROM sub:1\n");

        Assert.Equal(["Dockerfile.prod"], CheckedFiles(tree));
    }

    [Fact]
    public void Ignored_folder_is_not_re_included_by_a_deeper_negation()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "build/\n")
            .Write("build/.gitignore", "!Dockerfile\n")
            .Write("build/Dockerfile", "FROM skip:1\n")
            .Write("Dockerfile", "FROM keep:1\n");

        Assert.Equal(["Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Ignored_folder_is_not_re_included_by_a_negation_of_a_file_in_it()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "build/\n!build/Dockerfile\n")
            .Write("build/Dockerfile", "FROM skip:1\n")
            .Write("Dockerfile", "FROM keep:1\n");

        Assert.Equal(["Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Folder_re_included_by_a_negation_is_walked()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "images*/\n!images-prod/\n")
            .Write("images-dev/Dockerfile", "FROM dev:1\n")
            .Write("images-prod/Dockerfile", "FROM prod:1\n");

        Assert.Equal(["images-prod/Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Git_info_exclude_applies()
    {
        using var tree = new TempTree()
            .Write(".git/info/exclude", "Dockerfile.local\n")
            .Write("Dockerfile.local", "FROM skip:1\n")
            .Write("sub/Dockerfile.local", "FROM skip:2\n")
            .Write("Dockerfile", "FROM keep:1\n");

        Assert.Equal(["Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Git_info_exclude_has_the_lowest_precedence()
    {
        using var tree = new TempTree()
            .Write(".git/info/exclude", "Dockerfile.*\n!Dockerfile.dev\n")
            .Write(".gitignore", "!Dockerfile.prod\nDockerfile.dev\n")
            .Write("Dockerfile.prod", "FROM prod:1\n")
            .Write("Dockerfile.dev", "FROM dev:1\n")
            .Write("Dockerfile.test", "FROM test:1\n");

        Assert.Equal(["Dockerfile.prod"], CheckedFiles(tree));
    }

    [Fact]
    public void Gitignore_above_the_repository_root_does_not_apply()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "Dockerfile\n")
            .Write("repo/.git/info/exclude", "")
            .Write("repo/Dockerfile", "FROM keep:1\n");

        var run = CliRun.Invoke(tree.PathOf("repo"), ["check", "--format", "json"]);

        Assert.Contains("keep:1", run.Out);
    }

    [Fact]
    public void Walk_starting_inside_an_ignored_folder_finds_nothing_there()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "vendor/\n")
            .Write("vendor/lib/Dockerfile", "FROM skip:1\n")
            .Write("Dockerfile", "FROM keep:1\n");

        Assert.Empty(CheckedFiles(tree, "vendor/lib"));
        Assert.Empty(CheckedFiles(tree, "vendor/lib/"));
        Assert.Empty(CheckedFiles(tree, "vendor"));
        Assert.Equal(["vendor/lib/Dockerfile"], CheckedFiles(tree, "vendor/lib", "--include-ignored"));
    }

    [Fact]
    public void Walk_starting_in_a_subfolder_honours_negations_above_it()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "Dockerfile.*\n")
            .Write("sub/.gitignore", "!Dockerfile.prod\n")
            .Write("sub/inner/Dockerfile.prod", "FROM prod:1\n")
            .Write("sub/inner/Dockerfile.dev", "FROM dev:1\n");

        Assert.Equal(["sub/inner/Dockerfile.prod"], CheckedFiles(tree, "sub/inner"));
        Assert.Equal(["sub/inner/Dockerfile.prod"], CheckedFiles(tree, "sub/inner/"));
    }

    [Fact]
    public void Leading_slash_anchors_a_pattern_to_its_gitignore_folder()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "/Dockerfile.dev\n/*.Dockerfile\n")
            .Write("Dockerfile.dev", "FROM skip:1\n")
            .Write("app.Dockerfile", "FROM skip:2\n")
            .Write("sub/Dockerfile.dev", "FROM keep:1\n")
            .Write("sub/app.Dockerfile", "FROM keep:2\n");

        Assert.Equal(["sub/Dockerfile.dev", "sub/app.Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Pattern_with_a_slash_is_relative_to_its_gitignore_folder()
    {
        using var tree = new TempTree()
            .Write("sub/.gitignore", "docker/Dockerfile\n")
            .Write("sub/docker/Dockerfile", "FROM skip:1\n")
            .Write("docker/Dockerfile", "FROM keep:1\n")
            .Write("sub/other/docker/Dockerfile", "FROM keep:2\n");

        Assert.Equal(["docker/Dockerfile", "sub/other/docker/Dockerfile"], CheckedFiles(tree));
    }

    [Fact]
    public void Blank_trailing_space_and_malformed_lines_do_not_break_the_walk()
    {
        using var tree = new TempTree()
            .Write(".gitignore", "   \n[\nDockerfile.dev   \r\n")
            .Write("Dockerfile.dev", "FROM skip:1\n")
            .Write("Dockerfile", "FROM keep:1\n");

        Assert.Equal(["Dockerfile"], CheckedFiles(tree));
    }
}
