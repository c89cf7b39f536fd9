namespace ImagePin.Tests.Infrastructure;

/// <summary>
/// Locates ../shared beside the repository. In CI (CI=true) a missing corpus fails the test;
/// elsewhere the test is skipped with the reason.
/// </summary>
internal static class SharedCorpus
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ImagePin.slnx")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root (ImagePin.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Absolute path of a file or folder under shared/corpus; fails or skips when absent.</summary>
    public static string PathOf(params string[] parts) => System.IO.Path.Combine([Require(), .. parts]);

    public static string Require()
    {
        if (Root.Value is { } root) return root;
        var reason = "../shared/corpus is missing beside the repository (set IMAGEPIN_SHARED to its path)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(reason + "; CI=true so this is a failure, not a skip");
        Assert.Skip(reason);
        return null!;
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("IMAGEPIN_SHARED");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(env)) candidates.Add(System.IO.Path.Combine(env, "corpus"));
        try { candidates.Add(System.IO.Path.Combine(RepoRoot, "..", "shared", "corpus")); } catch (InvalidOperationException) { }
        return candidates.Select(System.IO.Path.GetFullPath).FirstOrDefault(Directory.Exists);
    }
}
