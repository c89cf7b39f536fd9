namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>Builds one <see cref="Instruction"/> from a logical line, like BuildKit's newNodeFromLine.</summary>
internal static class InstructionReader
{
    // The keywords BuildKit knows, upper case as they are usually written: a keyword written so costs no new strings.
    private static readonly string[] Known =
    [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
        "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ];

    private static readonly string[] KnownLower = Array.ConvertAll(Known, k => k.ToLowerInvariant());

    /// <summary>The keyword as written and in lower case.</summary>
    private static (string Keyword, string Name) Keyword(ReadOnlySpan<char> written)
    {
        for (var i = 0; i < Known.Length; i++)
        {
            // ASCII only: ToLowerInvariant leaves a non-ASCII letter (the long s, the Kelvin sign) as it is, so such a keyword is no known one.
            if (!System.Text.Ascii.EqualsIgnoreCase(written, Known[i])) continue;
            return (written.SequenceEqual(Known[i]) ? Known[i] : written.SequenceEqual(KnownLower[i]) ? KnownLower[i] : written.ToString(), KnownLower[i]);
        }
        var keyword = written.ToString();
        return (keyword, keyword.ToLowerInvariant());
    }

    public static Instruction Read(LogicalLine line, int start, int end, char escape)
    {
        var split = CommandSplitter.Run(line, start, end);
        var (keyword, name) = Keyword(line.Text.AsSpan(split.KeywordStart, split.KeywordEnd - split.KeywordStart));
        var kind = ArgumentParsers.KindOf(name);
        Instruction? trigger = null;
        IReadOnlyList<Word> arguments = [];
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
