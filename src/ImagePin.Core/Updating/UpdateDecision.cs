using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;

namespace ImagePin.Updating;

/// <summary>What <c>imagepin update</c> does with one <c>tag@digest</c> pin.</summary>
internal abstract record UpdateDecision
{
    private UpdateDecision() { }

    /// <summary>One line for the report about the pin <paramref name="pinnedDigest"/>.</summary>
    public abstract string Describe(string pinnedDigest);

    /// <summary>The tag still gives the pinned digest (for a platform pin: the same platform's manifest).</summary>
    public sealed record UpToDate : UpdateDecision
    {
        public override string Describe(string pinnedDigest) => "up to date";
    }

    /// <summary>Replace the pinned digest with <paramref name="NewDigest"/>.</summary>
    /// <param name="ChangedPlatforms">Platforms whose manifests differ from the pinned ones (empty when that cannot be told).</param>
    /// <param name="Note">Something unusual the report should mention, e.g. the pinned digest is gone.</param>
    public sealed record Update(string NewDigest, ImageCreated OldCreated, ImageCreated NewCreated,
        IReadOnlyList<PlatformChange> ChangedPlatforms, string? Note = null) : UpdateDecision
    {
        /// <summary>Which field the new image's age was read from.</summary>
        public CreatedSource CreatedSource => NewCreated.Source;

        public override string Describe(string pinnedDigest)
        {
            var platforms = ChangedPlatforms.Count == 0 ? "" : $"; platforms changed: {string.Join(", ", ChangedPlatforms)}";
            var note = Note is null ? "" : $" ({Note})";
            return $"{pinnedDigest} → {NewDigest}; created {OldCreated} → {NewCreated}{platforms}{note}";
        }
    }

    /// <summary>The tag moved, but the cool-down keeps the pin for now.</summary>
    public sealed record Held(string Reason, string CandidateDigest, ImageCreated CandidateCreated) : UpdateDecision
    {
        public override string Describe(string pinnedDigest) => $"held at {pinnedDigest}: {Reason}";
    }

    /// <summary>The pinned platform has no manifest in the tag's new index: the line is left as it is.</summary>
    public sealed record PlatformGone(Platform Platform, string CurrentDigest) : UpdateDecision
    {
        public override string Describe(string pinnedDigest) =>
            $"left at {pinnedDigest}: the tag's index {CurrentDigest} has no {Platform} manifest any more";
    }

    /// <summary>Only platforms the project does not build moved; <paramref name="OtherChangedPlatforms"/> says which.</summary>
    public sealed record SkippedUnchangedPlatforms(IReadOnlyList<Platform> Platforms, IReadOnlyList<PlatformChange> OtherChangedPlatforms,
        string CurrentDigest) : UpdateDecision
    {
        public override string Describe(string pinnedDigest)
        {
            var others = OtherChangedPlatforms.Count == 0 ? "only the index itself changed (e.g. annotations or attestations)"
                : $"only {string.Join(", ", OtherChangedPlatforms)} changed";
            return $"not updated: {string.Join(", ", Platforms)} unchanged in {CurrentDigest}; {others}";
        }
    }

    /// <summary>The registry could not answer; the message names the reference.</summary>
    /// <param name="NotFound">The registry answered that the repository, tag or platform does not exist: a problem of the pin, not of the registry.</param>
    public sealed record Failed(string Error, bool NotFound = false) : UpdateDecision
    {
        public override string Describe(string pinnedDigest) => $"cannot update {pinnedDigest}: {Error}";
    }
}
