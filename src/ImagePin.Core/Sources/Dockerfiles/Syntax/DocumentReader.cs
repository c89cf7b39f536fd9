namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// The single pass over a Dockerfile: sorts each line into directive, comment, blank line or
/// instruction, joins continuation lines into a <see cref="LogicalLine"/>, then reads heredoc bodies.
/// </summary>
internal sealed class DocumentReader
{
    private readonly string text;
    private readonly bool hasBom;
    private readonly SourceText source;
    private readonly PhysicalLines lines;
    private readonly DirectiveParser directiveParser = new();
    private readonly List<ParserDirective> directives = [];
    private readonly List<Instruction> instructions = [];
    private readonly List<CommentLine> comments = [];
    private readonly List<SourcePiece> pieces;
    private readonly List<(int Start, int End)> runs = []; // one instruction's physical line runs, reused
    private char escape = '\\';

    public DocumentReader(string text, bool hasBom)
    {
        this.text = text;
        this.hasBom = hasBom;
        source = new SourceText(text);
        lines = new PhysicalLines(text);
        // About one piece per line (an element and the line ending merged into the trivia that follows).
        pieces = new List<SourcePiece>(source.LineCount + 1);
    }

    public DockerfileDocument Read()
    {
        while (lines.TryRead(out var line))
        {
            var start = SkipSpace(line.Start, line.ContentEnd);
            if (directiveParser.ParseLine(source, start, line.ContentEnd, line.Number) is { } directive)
            {
                if (directive.Name == "escape") SetEscape(directive);
                directives.Add(directive);
                AddLinePieces(line, start, line.ContentEnd, PieceKind.Directive);
            }
            else if (start < line.ContentEnd && text[start] == '#')
            {
                AddComment(line, start);
                AddLinePieces(line, start, line.ContentEnd, PieceKind.Comment);
            }
            else
            {
                var (end, continues) = TrimContinuation(start, line.ContentEnd);
                if (continues || end > start) ReadInstruction(line, start, end, continues);
                else AddTrivia(line.Start, line.End); // blank line
            }
        }
        if (instructions.Count == 0)
            throw new DockerfileSyntaxException("file with no instructions", Math.Max(1, lines.LastNumber), 1);
        return new DockerfileDocument(text, hasBom, escape, directives, instructions, comments, pieces);
    }

    private void ReadInstruction(PhysicalLine first, int start, int firstEnd, bool continues)
    {
        runs.Clear();
        runs.Add((start, firstEnd));
        var last = first;
        while (continues && lines.TryRead(out var line))
        {
            last = line;
            var firstChar = SkipSpace(line.Start, line.ContentEnd);
            if (firstChar < line.ContentEnd && text[firstChar] == '#') { AddComment(line, firstChar); continue; }
            if (firstChar == line.ContentEnd) continue; // empty continuation line: dropped, as in BuildKit
            (var end, continues) = TrimContinuation(line.Start, line.ContentEnd);
            runs.Add((line.Start, end));
        }
        var logical = new LogicalLine(source, start, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(runs));

        var instruction = InstructionReader.Read(logical, 0, logical.Length, escape);
        instruction.StartLine = first.Number;
        if (CanHaveHeredocs(instruction))
        {
            var markers = HeredocMarkers.Find(logical.Text);
            if (markers.Count > 0) instruction.Heredocs = ReadHeredocBodies(logical, markers, first.Number, ref last);
        }
        instruction.EndLine = last.Number;
        instruction.Span = source.Span(start, last.ContentEnd);
        instructions.Add(instruction);
        AddTrivia(first.Start, start);
        pieces.Add(new SourcePiece(PieceKind.Instruction, start, last.ContentEnd - start));
        AddTrivia(last.ContentEnd, last.End);
    }

    private List<Heredoc> ReadHeredocBodies(LogicalLine logical, List<HeredocMarkers.Marker> markers, int startLine, ref PhysicalLine last)
    {
        var heredocs = new List<Heredoc>(markers.Count);
        foreach (var marker in markers)
        {
            var bodyStart = last.End;
            PhysicalLine? terminator = null;
            while (lines.TryRead(out var line))
            {
                last = line;
                if (IsTerminator(line, marker)) { terminator = line; break; }
            }
            if (terminator is not { } end)
                throw new DockerfileSyntaxException($"unterminated heredoc: no line \"{marker.Name}\" ends it", startLine, logical.Span(marker.Start, marker.End).StartColumn);
            heredocs.Add(new Heredoc(marker.Name, marker.FileDescriptor, marker.Chomp, marker.Expand,
                logical.Span(marker.Start, marker.End),
                text[bodyStart..end.Start],
                source.Span(bodyStart, end.Start),
                source.Span(end.Start, end.ContentEnd)));
        }
        return heredocs;
    }

    private bool IsTerminator(PhysicalLine line, HeredocMarkers.Marker marker)
    {
        var start = line.Start;
        if (marker.Chomp) while (start < line.ContentEnd && text[start] == '\t') start++;
        return line.ContentEnd - start == marker.Name.Length
            && string.CompareOrdinal(text, start, marker.Name, 0, marker.Name.Length) == 0;
    }

    private static bool CanHaveHeredocs(Instruction instruction)
    {
        if (instruction.Name == "onbuild" && instruction.Trigger != null) instruction = instruction.Trigger;
        return instruction.Name is "run" or "copy" or "add" && !instruction.IsJsonForm;
    }

    /// <summary>
    /// BuildKit's line continuation: the escape character as the last character before optional
    /// spaces/tabs, unless it is itself escaped. Returns the end of the kept text.
    /// </summary>
    private (int End, bool Continues) TrimContinuation(int start, int end)
    {
        var last = end;
        while (last > start && text[last - 1] is ' ' or '\t') last--;
        if (last > start && text[last - 1] == escape && (last - 1 == start || text[last - 2] != escape))
            return (last - 1, true);
        return (end, false);
    }

    private void SetEscape(ParserDirective directive)
    {
        if (directive.Value is not ("`" or "\\"))
            throw new DockerfileSyntaxException($"invalid escape token '{directive.Value}' does not match ` or \\",
                directive.Line, directive.ValueSpan.StartColumn);
        escape = directive.Value[0];
    }

    private void AddComment(PhysicalLine line, int hash) =>
        comments.Add(new CommentLine(text, source.Span(hash, line.ContentEnd), line.Number));

    private void AddLinePieces(PhysicalLine line, int start, int end, PieceKind kind)
    {
        AddTrivia(line.Start, start);
        pieces.Add(new SourcePiece(kind, start, end - start));
        AddTrivia(end, line.End);
    }

    // Adjacent trivia (line ending, blank lines, indentation) becomes one piece.
    private void AddTrivia(int start, int end)
    {
        if (end <= start) return;
        if (pieces.Count > 0 && pieces[^1] is { Kind: PieceKind.Trivia } last && last.Start + last.Length == start)
            pieces[^1] = last with { Length = last.Length + end - start };
        else
            pieces.Add(new SourcePiece(PieceKind.Trivia, start, end - start));
    }

    private int SkipSpace(int start, int end)
    {
        while (start < end && GoText.IsSpace(text[start])) start++;
        return start;
    }
}
