namespace ImagePin.Audit.Packages;

/// <summary>The fields of os-release(5) that identify a distribution release.</summary>
internal sealed record OsRelease(
    string? Id,
    string? VersionId,
    string? VersionCodename,
    IReadOnlyList<string> IdLike,
    string? Version,
    string? PrettyName)
{
    /// <summary>True when the file names the distribution, or one it derives from, as <paramref name="id"/>.</summary>
    public bool IsOrIsLike(string id) =>
        string.Equals(Id, id, StringComparison.Ordinal) || IdLike.Contains(id, StringComparer.Ordinal);
}
