namespace ImagePin.Audit.Packages;

/// <summary>A package database or os-release file that cannot be read within the bounds set for it.</summary>
internal sealed class PackageDatabaseException(string message) : Exception(message);
