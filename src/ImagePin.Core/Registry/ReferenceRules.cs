using System.Text.RegularExpressions;

namespace ImagePin.Registry;

/// <summary>
/// Checks registry, repository and tag/digest before they become part of a URL, so that bad input gets a
/// clear message and never reaches the wire (no path tricks such as "../").
/// </summary>
internal static partial class ReferenceRules
{
    /// <summary>Tags cannot hold ':', digests always do.</summary>
    public static bool IsDigest(string reference) => reference.Contains(':');

    public static void Validate(string registry, string repository, string reference)
    {
        if (!RegistryPattern().IsMatch(registry))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"'{registry}' is not a registry host[:port]");
        if (repository.Length > 255 || !RepositoryPattern().IsMatch(repository))
            throw new RegistryException(RegistryErrorKind.InvalidReference, $"'{repository}' is not a valid repository name (lowercase path components of letters, digits and separators . _ __ -)");
        if (IsDigest(reference) ? !ContentDigest.IsValid(reference) : !TagPattern().IsMatch(reference))
            throw new RegistryException(RegistryErrorKind.InvalidReference, IsDigest(reference)
                ? $"'{reference}' is not a valid sha256/sha512 digest"
                : $"'{reference}' is not a valid tag (up to 128 of letters, digits, '_', '.', '-', not starting with '.' or '-')");
    }

    /// <summary>host[:port] with a DNS name, IPv4 address or bracketed IPv6 address.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
