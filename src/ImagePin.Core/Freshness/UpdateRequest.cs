using ImagePin.Registry;

namespace ImagePin.Freshness;

/// <summary>A <c>tag@digest</c> pin to bring up to date.</summary>
internal sealed record UpdateRequest(string Registry, string Repository, string Tag, string PinnedDigest)
{
    /// <summary>The platforms the project builds (<c>--platforms</c>): an index whose manifests for these are unchanged is left alone.</summary>
    public IReadOnlyCollection<Platform>? Platforms { get; init; }

    /// <summary>Cool-down (<c>--min-age</c>): a new digest is adopted only once its image is at least this old.</summary>
    public TimeSpan? MinAge { get; init; }
}
