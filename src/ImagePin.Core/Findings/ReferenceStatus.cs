namespace ImagePin.Findings;

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
    Ignored,
    // verify: what the registry says about a pin.
    Current,
    Behind,
    PlatformPin,
    Missing,
}

public enum Severity
{
    None,
    Note,
    Warning,
    Error,
}

/// <summary>Where in a file a reference was found. The JSON names are the kebab-case forms.</summary>
public enum ReferenceContext
{
    From,
    CopyFrom,
    MountFrom,
    Syntax,
}

internal static class EnumNames
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
        ReferenceStatus.Ignored => "ignored",
        ReferenceStatus.Current => "current",
        ReferenceStatus.Behind => "behind",
        ReferenceStatus.PlatformPin => "platform-pin",
        ReferenceStatus.Missing => "missing",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Name(this Severity severity) => severity switch
    {
        Severity.None => "none",
        Severity.Note => "note",
        Severity.Warning => "warning",
        Severity.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    public static string Name(this ReferenceContext context) => context switch
    {
        ReferenceContext.From => "from",
        ReferenceContext.CopyFrom => "copy-from",
        ReferenceContext.MountFrom => "mount-from",
        ReferenceContext.Syntax => "syntax",
        _ => throw new ArgumentOutOfRangeException(nameof(context)),
    };
}
