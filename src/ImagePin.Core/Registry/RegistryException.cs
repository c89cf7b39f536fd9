namespace ImagePin.Registry;

internal enum RegistryErrorKind
{
    NotFound,
    Unauthorized,
    Network,
    Timeout,
    Protocol,
    DigestMismatch,
    TooLarge,
    PlatformNotFound,
    InvalidReference,
    Configuration,
    /// <summary>A request was refused because it would leak credentials or reach an address it must not.</summary>
    Security,
}

/// <summary>A registry operation failed for one reference. Messages name the registry and reference, never secrets.</summary>
internal sealed class RegistryException(RegistryErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public RegistryErrorKind Kind { get; } = kind;
}
