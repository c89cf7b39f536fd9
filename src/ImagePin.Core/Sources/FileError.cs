namespace ImagePin.Sources;

/// <summary>A file that could not be read or parsed, or that its consumer would reject; line and column when known.</summary>
public sealed record FileError(string File, int? Line, int? Column, string Message);
