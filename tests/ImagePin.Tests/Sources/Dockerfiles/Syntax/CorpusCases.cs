using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

/// <summary>
/// Lists case folders of the shared corpus for theories. Discovery must not fail when the corpus
/// is absent, so a missing folder yields one placeholder case whose test then skips (or fails in CI)
/// through <see cref="SharedCorpus"/>.
/// </summary>
internal static class CorpusCases
{
    public const string Missing = "(corpus missing)";

    public static TheoryData<string> FolderNames(params string[] parts)
    {
        var data = new TheoryData<string>();
        string? folder = null;
        try { folder = SharedCorpus.PathOf(parts); }
        catch (Exception) { /* skip/fail is reported by the test itself */ }
        if (folder == null || !Directory.Exists(folder)) { data.Add(Missing); return data; }
        foreach (var directory in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(directory));
        return data;
    }

    public static string PathOf(params string[] parts)
    {
        var path = SharedCorpus.PathOf(parts);
        if (parts.Contains(Missing)) Assert.Fail("corpus folder listed at discovery is gone: " + path);
        return path;
    }
}
