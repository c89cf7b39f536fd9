using System.Text;

namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// Splits a logical line into keyword, leading <c>--flags</c> and the rest, like BuildKit's
/// splitCommand/extractBuilderFlags. Flag words lose their quotes and a backslash escapes the
/// next character (always a backslash here, whatever the escape directive says, as in BuildKit).
/// A bare <c>--</c> ends the flags and is dropped.
/// </summary>
internal static class CommandSplitter
{
    public readonly record struct Split(int KeywordStart, int KeywordEnd, IReadOnlyList<InstructionFlag> Flags, int ArgsStart, int ArgsEnd);

    public static Split Run(LogicalLine line, int start, int end)
    {
        var text = line.Text;
        (start, end) = GoText.TrimSpace(text, start, end);
        var keywordEnd = start;
        while (keywordEnd < end && !GoText.IsTokenWhitespace(text[keywordEnd])) keywordEnd++;
        if (keywordEnd == end) return new Split(start, keywordEnd, [], end, end);
        var rest = keywordEnd;
        while (rest < end && GoText.IsTokenWhitespace(text[rest])) rest++;
        // Most instructions have no flags: the list is made for the first one.
        List<InstructionFlag>? flags = null;
        var argsStart = ExtractFlags(line, rest, end, ref flags);
        var (argsFrom, argsTo) = GoText.TrimSpace(text, argsStart, end);
        return new Split(start, keywordEnd, flags ?? (IReadOnlyList<InstructionFlag>)[], argsFrom, argsTo);
    }

    /// <summary>Reads flags from [start, end) and returns where the arguments begin.</summary>
    private static int ExtractFlags(LogicalLine line, int start, int end, ref List<InstructionFlag>? flags)
    {
        var text = line.Text;
        StringBuilder? word = null;
        List<int>? origins = null;
        var position = start;
        while (true)
        {
            while (position < end && GoText.IsAsciiSpace(text[position])) position++;
            if (position >= end) return end;
            if (text[position] != '-' || position + 1 >= end || text[position + 1] != '-') return position;

            word ??= new StringBuilder();
            origins ??= [];
            word.Clear();
            origins.Clear();
            var quote = '\0';
            for (; position < end; position++)
            {
                var c = text[position];
                if (quote == '\0' && GoText.IsAsciiSpace(c)) break;
                if (quote == '\0' && c is '\'' or '"') { quote = c; continue; }
                if (quote != '\0' && c == quote) { quote = '\0'; continue; }
                if (c == '\\')
                {
                    if (position + 1 >= end) { quote = '\0'; continue; }
                    position++;
                    c = text[position];
                }
                word.Append(c);
                origins.Add(position);
            }

            if (word.Length == 2 && word[0] == '-' && word[1] == '-') // a bare "--" ends the flags
                return position;
            if (word.Length > 0) (flags ??= []).Add(new InstructionFlag(word.ToString(), MapOf(line, origins)));
        }
    }

    private static ValueMap MapOf(LogicalLine line, List<int> origins)
    {
        var contiguous = true;
        for (var i = 1; i < origins.Count && contiguous; i++) contiguous = origins[i] == origins[i - 1] + 1;
        if (contiguous) return new ValueMap(line, origins[0]);
        var ends = new int[origins.Count];
        for (var i = 0; i < ends.Length; i++) ends[i] = origins[i] + 1;
        return new ValueMap(line, [.. origins], ends);
    }
}
