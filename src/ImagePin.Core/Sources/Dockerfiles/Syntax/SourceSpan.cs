namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// A range of the decoded source text. Lines and columns are 1-based and name the first and the
/// last character; columns count UTF-16 code units. An empty span names its start position twice.
/// </summary>
public readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public int End => Start + Length;
}
