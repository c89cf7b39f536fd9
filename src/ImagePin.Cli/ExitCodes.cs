namespace ImagePin.Cli;

/// <summary>Documented in README.md; scripts depend on these numbers.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Findings at the failure level (error by default), unreadable or unparseable files, or references that cannot be
    /// pinned or updated as written (composed from variables, no such repository, tag or platform in the registry).</summary>
    public const int Findings = 1;
    /// <summary>Bad command line or configuration.</summary>
    public const int Usage = 2;
    /// <summary>Registry or network failures.</summary>
    public const int Registry = 3;
    /// <summary>audit: an image could not be audited (unreadable or hostile layers, broken SBOM, oversized package database).</summary>
    public const int NotAudited = 4;
    /// <summary>audit: the vulnerability data is missing or unreadable (run `imagepin db update`, or check --db).</summary>
    public const int VulnerabilityData = 5;
    /// <summary>A bug: the message says what failed. Please report it.</summary>
    public const int InternalError = 70;
    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT (128 + 2).</summary>
    public const int Interrupted = 130;
    /// <summary>Terminated (SIGTERM, e.g. a CI job cancelled), as shells report it (128 + 15).</summary>
    public const int Terminated = 143;
}
