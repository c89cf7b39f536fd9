using ImagePin.Registry.Oci;

namespace ImagePin.Freshness;

internal enum PlatformChangeKind { Changed, Added, Removed }

/// <summary>How one platform's manifest differs between the pinned and the new image.</summary>
internal sealed record PlatformChange(Platform Platform, PlatformChangeKind Kind)
{
    public override string ToString() => Kind switch
    {
        PlatformChangeKind.Added => $"{Platform} (added)",
        PlatformChangeKind.Removed => $"{Platform} (removed)",
        _ => Platform.ToString(),
    };

    /// <summary>Platforms whose manifests differ between two indexes; attestations and entries without a platform are not platforms.</summary>
    public static IReadOnlyList<PlatformChange> Between(Manifest oldIndex, Manifest newIndex)
    {
        var before = DigestsByPlatform(oldIndex);
        var after = DigestsByPlatform(newIndex);
        var changes = new List<PlatformChange>();
        foreach (var (platform, digests) in before)
        {
            if (!after.TryGetValue(platform, out var now)) changes.Add(new PlatformChange(platform, PlatformChangeKind.Removed));
            else if (!digests.SetEquals(now)) changes.Add(new PlatformChange(platform, PlatformChangeKind.Changed));
        }
        changes.AddRange(after.Keys.Where(p => !before.ContainsKey(p)).Select(p => new PlatformChange(p, PlatformChangeKind.Added)));
        return changes.OrderBy(c => c.Platform.ToString(), StringComparer.Ordinal).ToList();
    }

    // Several entries may share a platform (e.g. Windows images for different os.version), so compare sets.
    private static Dictionary<Platform, HashSet<string>> DigestsByPlatform(Manifest index) =>
        index.Images.Where(c => c.Platform is not null)
            .GroupBy(c => c.Platform!)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Digest).ToHashSet(StringComparer.Ordinal));
}
