using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>Splitting ARG name[=default] words before expansion.</summary>
public class ArgDeclarationTests
{
    [Fact]
    public void Name_without_equals_has_no_default()
    {
        Assert.Equal(("VERSION", (string?)null), ShellWordExpander.SplitArgDeclaration("VERSION"));
    }

    [Fact]
    public void Name_with_equals_and_nothing_after_has_an_empty_default()
    {
        Assert.Equal(("VERSION", ""), ShellWordExpander.SplitArgDeclaration("VERSION="));
    }

    [Fact]
    public void Only_the_first_equals_separates_name_and_default()
    {
        Assert.Equal(("OPTS", "a=b"), ShellWordExpander.SplitArgDeclaration("OPTS=a=b"));
    }

    [Fact]
    public void Default_stays_raw_until_expanded_in_scope()
    {
        var (name, rawDefault) = ShellWordExpander.SplitArgDeclaration("abc=\"123 456\"");

        Assert.Equal("abc", name);
        Assert.Equal("\"123 456\"", rawDefault);
        Assert.Equal("123 456", new ShellWordExpander().ProcessWord(rawDefault!, _ => null).Value);
    }

    [Fact]
    public void Default_can_use_earlier_variables()
    {
        var (_, rawDefault) = ShellWordExpander.SplitArgDeclaration("IMAGE=${REGISTRY}/app");

        Assert.Equal("r.example/app", new ShellWordExpander().ProcessWord(rawDefault!, n => n == "REGISTRY" ? "r.example" : null).Value);
    }

    [Fact]
    public void Blank_name_is_rejected()
    {
        var error = Assert.Throws<ShellExpansionException>(() => ShellWordExpander.SplitArgDeclaration("=value"));

        Assert.Equal("ARG names can not be blank", error.Reason);
    }
}
