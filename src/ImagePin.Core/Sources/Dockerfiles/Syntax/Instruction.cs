namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// One instruction (a child of BuildKit's root Node). <see cref="Span"/> runs from the keyword to
/// the end of the last line the instruction uses, heredoc bodies and terminators included.
/// </summary>
public sealed class Instruction
{
    internal Instruction(
        string keyword,
        string name,
        SourceSpan keywordSpan,
        IReadOnlyList<InstructionFlag> flags,
        IReadOnlyList<Word> arguments,
        bool isJsonForm,
        bool isKnown,
        Instruction? trigger)
    {
        Keyword = keyword;
        Name = name;
        KeywordSpan = keywordSpan;
        Flags = flags;
        Arguments = arguments;
        IsJsonForm = isJsonForm;
        IsKnown = isKnown;
        Trigger = trigger;
    }

    /// <summary>The keyword as written, e.g. <c>From</c>.</summary>
    public string Keyword { get; }

    /// <summary>The keyword in lower case, e.g. <c>from</c>.</summary>
    public string Name { get; }

    public SourceSpan KeywordSpan { get; }

    public SourceSpan Span { get; internal set; }

    /// <summary>1-based line of the keyword.</summary>
    public int StartLine { get; internal set; }

    /// <summary>1-based last line of the instruction (continuations and heredocs included), as BuildKit counts it.</summary>
    public int EndLine { get; internal set; }

    public IReadOnlyList<InstructionFlag> Flags { get; }

    public IReadOnlyList<Word> Arguments { get; }

    /// <summary>True for the exec form (<c>["a", "b"]</c>); its arguments are the unescaped JSON strings.</summary>
    public bool IsJsonForm { get; }

    /// <summary>The instruction run by <c>ONBUILD</c>; null for every other instruction.</summary>
    public Instruction? Trigger { get; }

    /// <summary>Heredocs of this instruction; for <c>ONBUILD RUN &lt;&lt;EOF</c> they belong to the ONBUILD instruction.</summary>
    public IReadOnlyList<Heredoc> Heredocs { get; internal set; } = [];

    /// <summary>False when BuildKit has no line parser for the keyword (its arguments are then ignored).</summary>
    internal bool IsKnown { get; }

    /// <summary>The stage name of <c>FROM image AS name</c>; null for other instructions and a FROM without one.</summary>
    public string? StageName() =>
        Name == "from" && Arguments.Count >= 3 && Arguments[1].Value.Equals("as", StringComparison.OrdinalIgnoreCase) ? Arguments[2].Value : null;

    public override string ToString() => NodeDumper.Dump(this);
}
