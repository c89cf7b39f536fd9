namespace ImagePin.Policy;

public enum Severity
{
    None,
    Note,
    Warning,
    Error,
}

internal static class SeverityNames
{
    public static string Name(this Severity severity) => severity switch
    {
        Severity.None => "none",
        Severity.Note => "note",
        Severity.Warning => "warning",
        Severity.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}
