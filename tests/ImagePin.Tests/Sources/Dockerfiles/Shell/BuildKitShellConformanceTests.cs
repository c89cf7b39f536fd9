using ImagePin.Sources.Dockerfiles.Shell;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>Every vector of BuildKit's envVarTest and wordsTest, run through <see cref="ShellWordExpander"/>.</summary>
public class BuildKitShellConformanceTests
{
    public static TheoryData<int, string, string, string> UnixRows() => BuildKitShellVectors.EnvVarRows("A", "U");

    public static TheoryData<int, string, string, string> WindowsRows() => BuildKitShellVectors.EnvVarRows("W");

    // Upstream runs the A rows on Windows too; they must hold with case-insensitive names as well.
    public static TheoryData<int, string, string, string> AllPlatformRows() => BuildKitShellVectors.EnvVarRows("A");

    public static TheoryData<int, string, string[], string[]> WordsRows() => BuildKitShellVectors.WordsRows();

    [Theory]
    [MemberData(nameof(UnixRows))]
    public void EnvVarTest_vector_expands_as_BuildKit_does_with_Unix_names(int line, string platform, string input, string expected)
    {
        AssertEnvVarVector(new ShellWordExpander(), line, platform, input, expected);
    }

    [Theory]
    [MemberData(nameof(WindowsRows))]
    public void EnvVarTest_vector_expands_as_BuildKit_does_with_Windows_names(int line, string platform, string input, string expected)
    {
        AssertEnvVarVector(new ShellWordExpander(caseInsensitiveNames: true), line, platform, input, expected);
    }

    [Theory]
    [MemberData(nameof(AllPlatformRows))]
    public void EnvVarTest_all_platform_vector_also_holds_with_Windows_names(int line, string platform, string input, string expected)
    {
        AssertEnvVarVector(new ShellWordExpander(caseInsensitiveNames: true), line, platform, input, expected);
    }

    [Theory]
    [MemberData(nameof(WordsRows))]
    public void WordsTest_vector_splits_as_BuildKit_does(int line, string input, string[] variableEntries, string[] expected)
    {
        if (line == BuildKitShellVectors.CorpusMissing) BuildKitShellVectors.WordsTestPath();
        var variables = BuildKitShellVectors.ToVariables(variableEntries);

        IReadOnlyList<string> words;
        try
        {
            words = new ShellWordExpander().ProcessWords(input, variables);
        }
        catch (ShellExpansionException)
        {
            // The upstream test compares a failure as the single word "error".
            words = ["error"];
        }

        Assert.Equal(expected, words);
    }

    private static void AssertEnvVarVector(ShellWordExpander expander, int line, string platform, string input, string expected)
    {
        if (line == BuildKitShellVectors.CorpusMissing) BuildKitShellVectors.EnvVarTestPath();
        _ = platform;
        if (expected == "error")
        {
            var error = Assert.Throws<ShellExpansionException>(() => expander.ProcessWord(input, BuildKitShellVectors.EnvVarTestVariables));
            Assert.Equal(input, error.Word);
            return;
        }
        Assert.Equal(expected, expander.ProcessWord(input, BuildKitShellVectors.EnvVarTestVariables).Value);
    }
}
