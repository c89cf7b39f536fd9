using ImagePin.Classification;
using ImagePin.Editing;
using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.Resolution;
using ImagePin.Sources;

namespace ImagePin.Tests.Pin;

/// <summary>Pin without a registry: each image gets a made-up digest, and the rewritten file is read back and judged.</summary>
internal static class StandInPins
{
    public static string FakeDigest(ImageKey key) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.ToString())));

    /// <summary>
    /// Inserts the targets' suffixes with stand-in digests into one document and reads the result again: it must parse to
    /// as many references, each target now <c>pinned</c> to its digest with the image it had.
    /// </summary>
    /// <param name="references">The document's judged references, in occurrence order.</param>
    public static (List<TextEdit> Edits, string Updated, List<string> Problems) Apply(SourceDocument document, IReadOnlyList<JudgedReference> references, IEnumerable<PinTarget> targets)
    {
        var list = targets.ToList();
        var edits = list.GroupBy(t => t.InsertAt).Select(g => new TextEdit(g.Key, 0, g.First().Suffix(FakeDigest(g.First().Key)))).ToList();
        var updated = TextEditor.Apply(document.Text, edits);
        var problems = new List<string>();
        var reread = document.Reparse(updated);
        if (!reread.Parsed || reread.Occurrences.Count != document.Occurrences.Count)
        {
            problems.Add($"{document.File.FullPath}: {reread.Errors.FirstOrDefault()?.Message ?? "reference count changed"}");
            return (edits, updated, problems);
        }
        foreach (var t in list)
        {
            var after = ReferencePolicy.Default.Judge(document.File.DisplayPath, document.Kind, reread.Occurrences[t.Index]).Finding;
            var expected = $"{references[t.Index].Reference!.Name}:{references[t.Index].Reference!.Tag ?? "latest"}@{FakeDigest(t.Key)}";
            if (after.Status != ReferenceStatus.Pinned || after.Image != expected)
                problems.Add($"{after.File}:{after.Line}: {after.Status} {after.Image} (expected pinned {expected})");
        }
        return (edits, updated, problems);
    }
}
