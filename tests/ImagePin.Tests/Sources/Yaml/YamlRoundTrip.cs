using ImagePin.Sources.Yaml;

namespace ImagePin.Tests.Sources.Yaml;

/// <summary>The round-trip property: a digest written after every literal image span changes only those characters.</summary>
internal static class YamlRoundTrip
{
    public const string Digest = "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>Inserts <see cref="Digest"/> at the end of every site's span; returns the text and the insertion offsets in it.</summary>
    public static (string Text, List<int> Inserted) Insert(string text, IEnumerable<ImageSite> sites)
    {
        var ends = sites.Where(s => s.Span is not null).Select(s => s.Span!.Value.Start + s.Span.Value.Length).Order().ToList();
        var result = new System.Text.StringBuilder(text.Length + ends.Count * Digest.Length);
        var inserted = new List<int>();
        var previous = 0;
        foreach (var end in ends)
        {
            result.Append(text, previous, end - previous);
            inserted.Add(result.Length);
            result.Append(Digest);
            previous = end;
        }
        result.Append(text, previous, text.Length - previous);
        return (result.ToString(), inserted);
    }

    /// <summary>Removes exactly the insertions (checking each is the digest).</summary>
    public static string Remove(string text, List<int> inserted)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var previous = 0;
        foreach (var at in inserted)
        {
            if (string.CompareOrdinal(text, at, Digest, 0, Digest.Length) != 0) throw new InvalidOperationException($"no digest at {at}");
            result.Append(text, previous, at - previous);
            previous = at + Digest.Length;
        }
        result.Append(text, previous, text.Length - previous);
        return result.ToString();
    }

    /// <summary>
    /// Runs the property on one file; returns null when it holds, else what broke. Re-reading the inserted text must
    /// find the same sites (context and path) with the digest appended to each literal one.
    /// </summary>
    public static string? Check(YamlFileKind kind, string path, string text)
    {
        var (_, before) = YamlImageSources.Read(kind, path, text, YamlLimits.Default);
        var (inserted, offsets) = Insert(text, before.Sites);
        if (Remove(inserted, offsets) != text) return "removing the insertions does not give the original text back";
        var (_, after) = YamlImageSources.Read(kind, path, inserted, YamlLimits.Default);
        if (after.Sites.Count != before.Sites.Count) return $"{before.Sites.Count} sites before, {after.Sites.Count} after inserting digests";
        for (var i = 0; i < before.Sites.Count; i++)
        {
            var (b, a) = (before.Sites[i], after.Sites[i]);
            var expected = b.Span is null ? b.Text : b.Text + Digest;
            if (a.Context != b.Context || a.Path != b.Path || a.Text != expected)
                return $"site {i} ({b.Path} '{b.Text}') became ({a.Path} '{a.Text}')";
        }
        return null;
    }
}
