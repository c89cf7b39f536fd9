namespace ImagePin.Sources;

/// <summary>A file that another file pulls in, to be read by <paramref name="Reader"/> whatever its name.</summary>
/// <param name="FullPath">Absolute path; the source has checked that it exists and lies inside the repository.</param>
/// <param name="Reader">The source (with the settings the including file implies, e.g. its repository root) that reads it.</param>
/// <param name="Line">Where the including file names it, for errors when it cannot be read.</param>
/// <param name="Column">Likewise.</param>
internal sealed record RelatedFile(string FullPath, ISource Reader, int Line, int Column);
