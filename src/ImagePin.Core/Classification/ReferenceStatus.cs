namespace ImagePin.Classification;

/// <summary>What a reference is, as far as pinning goes. The JSON names are the kebab-case forms.</summary>
public enum ReferenceStatus
{
    Pinned,
    DigestOnly,
    Tag,
    Latest,
    Untagged,
    Variable,
    Invalid,
    Stage,
    Scratch,
    /// <summary>An image the file builds itself (a Compose service with <c>build:</c>), not one it pulls.</summary>
    Built,
    /// <summary>Suppressed by the policy (<c># imagepin:ignore</c>).</summary>
    Ignored,
    // verify: what the registry says about a pin.
    Current,
    Behind,
    PlatformPin,
    Missing,
    TagMissing,
}

internal static class ReferenceStatusNames
{
    public static string Name(this ReferenceStatus status) => status switch
    {
        ReferenceStatus.Pinned => "pinned",
        ReferenceStatus.DigestOnly => "digest-only",
        ReferenceStatus.Tag => "tag",
        ReferenceStatus.Latest => "latest",
        ReferenceStatus.Untagged => "untagged",
        ReferenceStatus.Variable => "variable",
        ReferenceStatus.Invalid => "invalid",
        ReferenceStatus.Stage => "stage",
        ReferenceStatus.Scratch => "scratch",
        ReferenceStatus.Built => "built",
        ReferenceStatus.Ignored => "ignored",
        ReferenceStatus.Current => "current",
        ReferenceStatus.Behind => "behind",
        ReferenceStatus.PlatformPin => "platform-pin",
        ReferenceStatus.Missing => "missing",
        ReferenceStatus.TagMissing => "tag-missing",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
