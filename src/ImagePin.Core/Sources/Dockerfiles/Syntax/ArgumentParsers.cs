namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// BuildKit's per-instruction line parsers: they split the text after the keyword and flags into
/// the argument list of the Node tree. No quote removal or variable expansion happens here.
/// </summary>
internal static class ArgumentParsers
{
    public enum Kind { Unknown, Json, JsonToList, Words, WholeRest, NameValue, NameOrNameValue, Health, SubCommand }

    public static Kind KindOf(string name) => name switch
    {
        "run" or "cmd" or "entrypoint" or "shell" => Kind.Json,
        "add" or "copy" or "volume" => Kind.JsonToList,
        "from" or "expose" => Kind.Words,
        "maintainer" or "stopsignal" or "user" or "workdir" => Kind.WholeRest,
        "env" or "label" => Kind.NameValue,
        "arg" => Kind.NameOrNameValue,
        "healthcheck" => Kind.Health,
        "onbuild" => Kind.SubCommand,
        _ => Kind.Unknown,
    };

    /// <summary>Arguments of [start, end) of <paramref name="line"/>, already trimmed; sets <paramref name="isJson"/> for exec form.</summary>
    public static List<Word> Parse(Kind kind, string keyword, LogicalLine line, int start, int end, char escape, out bool isJson)
    {
        isJson = false;
        var words = new List<Word>();
        switch (kind)
        {
            case Kind.Json: ParseMaybeJson(line, start, end, words, out isJson); break;
            case Kind.JsonToList: ParseMaybeJsonToList(line, start, end, words, out isJson); break;
            case Kind.Words: SplitOnWhitespace(line, start, end, words); break;
            case Kind.WholeRest: if (end > start) words.Add(Plain(line, start, end)); break;
            case Kind.NameValue: ParseNameValue(keyword, line, start, end, escape, words); break;
            case Kind.NameOrNameValue:
                foreach (var (from, to) in WordSplitter.Split(line.Text, start, end, escape)) words.Add(Plain(line, from, to));
                break;
            case Kind.Health: ParseHealthcheck(line, start, end, words, out isJson); break;
        }
        return words;
    }

    public static Word Plain(LogicalLine line, int start, int end) => new(line, start, end);

    private static void ParseMaybeJson(LogicalLine line, int start, int end, List<Word> words, out bool isJson)
    {
        isJson = false;
        if (end <= start) return;
        if (TryJson(line, start, end, words)) { isJson = true; return; }
        words.Add(Plain(line, start, end));
    }

    private static void ParseMaybeJsonToList(LogicalLine line, int start, int end, List<Word> words, out bool isJson)
    {
        isJson = TryJson(line, start, end, words);
        if (!isJson) SplitOnWhitespace(line, start, end, words);
    }

    private static bool TryJson(LogicalLine line, int start, int end, List<Word> words)
    {
        switch (JsonArrayReader.Read(line, start, end, out var elements))
        {
            case JsonArrayReader.Outcome.StringArray:
                words.AddRange(elements);
                return true;
            case JsonArrayReader.Outcome.NotStringArray:
                throw Error(line, start, "when using JSON array syntax, arrays must be comprised of strings only");
            default:
                return false;
        }
    }

    /// <summary>Splits on runs of <c>[\t\v\f\r ]</c>, as BuildKit's parseStringsWhitespaceDelimited.</summary>
    private static void SplitOnWhitespace(LogicalLine line, int start, int end, List<Word> words)
    {
        var text = line.Text;
        var position = start;
        while (position < end)
        {
            var wordEnd = position;
            while (wordEnd < end && !GoText.IsTokenWhitespace(text[wordEnd])) wordEnd++;
            words.Add(Plain(line, position, wordEnd));
            position = wordEnd;
            while (position < end && GoText.IsTokenWhitespace(text[position])) position++;
        }
    }

    /// <summary>ENV/LABEL: (key, value, separator) triples; separator "" for the old <c>KEY value</c> form.</summary>
    private static void ParseNameValue(string keyword, LogicalLine line, int start, int end, char escape, List<Word> words)
    {
        var text = line.Text;
        var split = WordSplitter.Split(text, start, end, escape);
        if (split.Count == 0) return;
        var (firstStart, firstEnd) = split[0];
        if (text.IndexOf('=', firstStart, firstEnd - firstStart) < 0)
        {
            var keyEnd = start;
            while (keyEnd < end && !GoText.IsTokenWhitespace(text[keyEnd])) keyEnd++;
            var valueStart = keyEnd;
            while (valueStart < end && GoText.IsTokenWhitespace(text[valueStart])) valueStart++;
            if (keyEnd == end)
                throw Error(line, start, $"{keyword.ToUpperInvariant()} must have two arguments");
            words.Add(Plain(line, start, keyEnd));
            words.Add(Plain(line, valueStart, end));
            words.Add(Plain(line, valueStart, valueStart));
            return;
        }
        foreach (var (from, to) in split)
        {
            var equals = text.IndexOf('=', from, to - from);
            if (equals < 0)
                throw Error(line, from, $"Syntax error - can't find = in {GoText.Quote(text[from..to])}. Must be of the form: name=value");
            words.Add(Plain(line, from, equals));
            words.Add(Plain(line, equals + 1, to));
            words.Add(Plain(line, equals, equals + 1));
        }
    }

    /// <summary>HEALTHCHECK: the first word (CMD, NONE, …), then the rest parsed like CMD.</summary>
    private static void ParseHealthcheck(LogicalLine line, int start, int end, List<Word> words, out bool isJson)
    {
        isJson = false;
        var text = line.Text;
        var typeEnd = start;
        while (typeEnd < end && !GoText.IsAsciiSpace(text[typeEnd])) typeEnd++;
        if (typeEnd == start) return;
        var next = typeEnd;
        while (next < end && GoText.IsAsciiSpace(text[next])) next++;
        words.Add(Plain(line, start, typeEnd));
        ParseMaybeJson(line, next, end, words, out isJson);
    }

    public static DockerfileSyntaxException Error(LogicalLine line, int logicalIndex, string message)
    {
        var (lineNumber, column) = line.Source.Position(line.SourceOffset(logicalIndex));
        return new DockerfileSyntaxException(message, lineNumber, column);
    }
}
