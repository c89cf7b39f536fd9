using ImagePin.References;
using ImagePin.Sources;

namespace ImagePin.Policy;

/// <summary>What the commands that talk to registries may do with a reference.</summary>
[Flags]
internal enum ReferenceActions
{
    None = 0,
    /// <summary>pin: resolve its tag and write the digest.</summary>
    Pin = 1,
    /// <summary>update: follow its tag to a new digest.</summary>
    Update = 2,
    /// <summary>verify: prove its digest exists (and compare with its tag).</summary>
    Verify = 4,
}

/// <summary>One occurrence, the reference it names (when it names one) and the policy's finding and actions for it.</summary>
internal sealed record JudgedReference(ImageOccurrence Occurrence, ImageReference? Reference, Finding Finding, ReferenceActions Actions)
{
    /// <summary>The occurrence's position in its document (the same after a rewrite that keeps every reference).</summary>
    public int Index { get; init; }
}
