using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Dockerfiles.Shell;

/// <summary>
/// Reads BuildKit's shell test vectors (shared corpus, buildkit-parser/shell) as the upstream Go
/// tests read them; the README beside them describes both formats. When the corpus is missing, one
/// row with line 0 is produced so the test can skip (or fail in CI) through <see cref="SharedCorpus"/>.
/// </summary>
internal static class BuildKitShellVectors
{
    public const int CorpusMissing = 0;

    /// <summary>The variables every envVarTest line is expanded against.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvVarTestVariables = new Dictionary<string, string>
    {
        ["PWD"] = "/home",
        ["SHELL"] = "bash",
        ["KOREAN"] = "한국어",
        ["NULL"] = "",
    };

    public static string EnvVarTestPath() => SharedCorpus.PathOf("buildkit-parser", "shell", "envVarTest");

    public static string WordsTestPath() => SharedCorpus.PathOf("buildkit-parser", "shell", "wordsTest");

    /// <summary>envVarTest rows (line, platform, input, expected) whose platform is one of <paramref name="platforms"/>.</summary>
    public static TheoryData<int, string, string, string> EnvVarRows(params string[] platforms)
    {
        var rows = new TheoryData<int, string, string, string>();
        if (ReadLines(EnvVarTestPath) is not { } lines)
        {
            rows.Add(CorpusMissing, "", "", "");
            return rows;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#')) continue;
            line = line.Trim();
            if (line.Length == 0) continue;
            var fields = line.Split('|');
            if (fields.Length != 3) throw new InvalidDataException($"envVarTest line {i + 1}: expected 3 fields separated by |");
            var platform = fields[0].Trim();
            if (platforms.Contains(platform)) rows.Add(i + 1, platform, fields[1].Trim(), fields[2].Trim());
        }
        return rows;
    }

    /// <summary>wordsTest rows (line, input, variables as name=value in order, expected words).</summary>
    public static TheoryData<int, string, string[], string[]> WordsRows()
    {
        var rows = new TheoryData<int, string, string[], string[]>();
        if (ReadLines(WordsTestPath) is not { } lines)
        {
            rows.Add(CorpusMissing, "", [], []);
            return rows;
        }
        var variables = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#')) continue;
            if (line.StartsWith("ENV "))
            {
                variables.Add(line[3..].TrimStart(' '));
                continue;
            }
            var fields = line.Split('|');
            if (fields.Length != 2) throw new InvalidDataException($"wordsTest line {i + 1}: expected exactly one |");
            rows.Add(i + 1, fields[0].Trim(), [.. variables], fields[1].TrimStart(' ').Split(','));
        }
        return rows;
    }

    /// <summary>Builds the variable set of a wordsTest row: split at the first '=', later entries win.</summary>
    public static Dictionary<string, string> ToVariables(IEnumerable<string> entries)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=');
            if (equals < 0) variables[entry] = "";
            else variables[entry[..equals]] = entry[(equals + 1)..];
        }
        return variables;
    }

    // Lines as Go's bufio.Scanner yields them: split on \n, one trailing \r dropped.
    private static string[]? ReadLines(Func<string> path)
    {
        string file;
        try
        {
            file = path();
        }
        catch (Exception)
        {
            // Skip/fail is decided inside the test, where SharedCorpus can report it.
            return null;
        }
        var text = File.ReadAllText(file);
        if (text.EndsWith('\n')) text = text[..^1];
        return text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToArray();
    }
}
