using ImagePin.References;

namespace ImagePin.Resolution;

/// <summary>
/// A repository in a registry and a tag and/or digest in it: what the stages after the scan key their registry
/// work on, so each distinct image is asked about once however many places name it.
/// </summary>
internal sealed record ImageKey(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>What pin resolves for a reference: its tag (<c>latest</c> when it has none), no digest.</summary>
    public static ImageKey ToPin(ImageReference reference) => new(reference.Registry, reference.Repository, reference.Tag ?? "latest", null);

    /// <summary>A pinned reference as update and verify see it: tag (may be absent) and digest.</summary>
    public static ImageKey Pinned(ImageReference reference) => new(reference.Registry, reference.Repository, reference.Tag, reference.Digest?.ToString());

    /// <summary><c>registry/repository:tag</c> (or <c>@digest</c>, or both).</summary>
    public override string ToString() => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";
}
