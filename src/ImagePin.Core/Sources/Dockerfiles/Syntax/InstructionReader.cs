namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>Builds one <see cref="Instruction"/> from a logical line, like BuildKit's newNodeFromLine.</summary>
internal static class InstructionReader
{
    public static Instruction Read(LogicalLine line, int start, int end, char escape)
    {
        var split = CommandSplitter.Run(line, start, end);
        var keyword = line.Text[split.KeywordStart..split.KeywordEnd];
        var name = keyword.ToLowerInvariant();
        var kind = ArgumentParsers.KindOf(name);
        Instruction? trigger = null;
        List<Word> arguments = [];
        var isJson = false;
        if (kind == ArgumentParsers.Kind.SubCommand)
        {
            if (split.ArgsEnd > split.ArgsStart)
            {
                trigger = Read(line, split.ArgsStart, split.ArgsEnd, escape);
                trigger.Span = line.Span(split.ArgsStart, split.ArgsEnd);
                trigger.StartLine = trigger.Span.StartLine;
                trigger.EndLine = trigger.Span.EndLine;
            }
        }
        else
            arguments = ArgumentParsers.Parse(kind, keyword, line, split.ArgsStart, split.ArgsEnd, escape, out isJson);
        return new Instruction(keyword, name, line.Span(split.KeywordStart, split.KeywordEnd), split.Flags, arguments,
            isJson, kind != ArgumentParsers.Kind.Unknown, trigger);
    }
}
