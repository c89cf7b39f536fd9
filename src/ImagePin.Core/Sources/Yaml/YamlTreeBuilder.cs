using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ImagePin.Sources.Yaml;

/// <summary>
/// Builds a located YAML tree from YamlDotNet's low-level parser events, iteratively with an explicit stack (no
/// recursion, so 50,000 nested <c>[</c> cost a located error, not the stack). Aliases stay references to the anchored
/// node. Every bound of <see cref="YamlLimits"/> and every bad input ends as a <see cref="YamlDiagnostic"/>.
/// </summary>
/// <remarks>
/// YamlDotNet 18.1's <see cref="Mark.Index"/> counts UTF-16 code units from the start of what it reads (a surrogate
/// pair is two, CRLF is two), which is what string offsets are; the tests pin that down. It does not skip a leading
/// byte-order mark (it would become part of the first key), so a BOM is cut off before parsing and offsets are
/// shifted back by one. Lines and columns come from <see cref="YamlLineMap"/> over the original text.
/// </remarks>
internal static class YamlTreeBuilder
{
    /// <param name="maskHelmTemplates">Parse with Helm/Go templates (<c>{{ … }}</c>) masked (see <see cref="HelmTemplateMask"/>).</param>
    public static YamlFile Build(string text, YamlLimits limits, bool maskHelmTemplates = false) =>
        YamlParseBudget.TryRun(text, () => BuildUnbounded(text, limits, maskHelmTemplates), out var file) ? file
            : new YamlFile(text, new YamlLineMap(text), limits, [], [new YamlDiagnostic(YamlProblem.Syntax, 1, 1, 0, -1,
                $"the YAML parser did not finish within {YamlParseBudget.For(text).TotalSeconds:0} s (a directive line, '%…', it cannot read); not read")]);

    private static YamlFile BuildUnbounded(string text, YamlLimits limits, bool maskHelmTemplates)
    {
        var lines = new YamlLineMap(text);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > limits.MaxInputBytes)
        {
            var tooLarge = new YamlDiagnostic(YamlProblem.TooLarge, 1, 1, 0, -1, $"file is {byteCount} bytes, over the limit of {limits.MaxInputBytes}");
            return new YamlFile(text, lines, limits, [], [tooLarge]);
        }
        var mask = maskHelmTemplates ? HelmTemplateMask.Apply(text) : null;
        var parseText = mask?.Text ?? text;
        var repaired = new List<(int Start, int End)>();
        while (true)
        {
            var builder = new Builder(text, parseText, lines, limits, mask, repaired);
            builder.Run();
            if (builder.RepairableQuote is { } quote && repaired.Count < UnderIndentedQuotes.MaxRepairs
                && UnderIndentedQuotes.Repair(parseText, quote) is { } repair)
            {
                parseText = repair.Text;
                repaired.Add(repair.Range);
                continue;
            }
            return new YamlFile(text, lines, limits, builder.Documents, builder.AllDiagnostics);
        }
    }

    private sealed class Frame(YamlNode node)
    {
        public YamlNode Node { get; } = node;

        public YamlNode? PendingKey { get; set; }
    }

    private sealed class Builder(string text, string parseText, YamlLineMap lines, YamlLimits limits, HelmTemplateMask? mask, List<(int Start, int End)> repaired)
    {
        /// <summary>Where the quoted scalar YamlDotNet rejected for its continuation lines' indentation opens, if that ended the parse.</summary>
        public int? RepairableQuote { get; private set; }

        private readonly int shift = parseText.Length > 0 && parseText[0] == '\uFEFF' ? 1 : 0;
        private readonly Stack<Frame> stack = new();
        private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
        private readonly List<YamlDiagnostic> docDiagnostics = [];
        private int nodeCount;
        private int flowDepth;
        private int docStart;
        private YamlNode? root;
        private bool skipping;
        private int lastEventEnd;
        private bool stopped;

        public List<YamlDocument> Documents { get; } = [];

        public List<YamlDiagnostic> AllDiagnostics { get; } = [];

        public void Run()
        {
            var parser = new Parser(new StringReader(shift == 0 ? parseText : parseText[1..]));
            while (true)
            {
                ParsingEvent current;
                try
                {
                    if (!parser.MoveNext()) break;
                    current = parser.Current!;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The parser cannot go on after an error: the document being read is lost, and so is the rest.
                    ReportParserFailure(e);
                    if (InDocument) EndDocument(text.Length);
                    break;
                }
                lastEventEnd = Offset(current.End);
                if (!Handle(current)) break;
                if (stopped)
                {
                    EndDocument(text.Length);
                    break;
                }
            }
            AllDiagnostics.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        }

        private bool InDocument { get; set; }

        private void ReportParserFailure(Exception e)
        {
            if (e is not YamlException ye)
            {
                // YamlDotNet sometimes fails with a bare InvalidOperationException (e.g. a flow sequence left open
                // before a plain scalar on the next line): locate it after the last event it did read.
                Report(YamlProblem.Syntax, lastEventEnd, "not valid YAML: the parser stopped here (" + e.Message + ")");
                return;
            }
            var message = StripPosition(e.InnerException?.Message ?? e.Message);
            var offset = Offset(ye.Start);
            if (UnderIndentedQuotes.IsRepairable(ye)) RepairableQuote = offset;
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabIndentedLine(offset) is { } tabLine)
                Report(YamlProblem.TabIndentation, tabLine, "a tab character is used for indentation (YAML allows only spaces)");
            else Report(YamlProblem.Syntax, offset, message);
        }

        /// <summary>The first line at or after <paramref name="from"/> whose indentation holds a tab, or null.</summary>
        private int? TabIndentedLine(int from)
        {
            for (var line = lines.Position(from).Line; line <= lines.LineCount; line++)
            {
                var i = lines.LineStart(line);
                var sawTab = false;
                for (; i < parseText.Length && parseText[i] is ' ' or '\t'; i++) sawTab |= parseText[i] == '\t';
                if (sawTab && i < parseText.Length && parseText[i] is not ('\n' or '\r' or '#')) return i;
            }
            return null;
        }

        private bool Handle(ParsingEvent e)
        {
            switch (e)
            {
                case DocumentStart:
                    InDocument = true;
                    docStart = Offset(e.Start);
                    return true;
                case DocumentEnd:
                    EndDocument(Offset(e.End));
                    return true;
                case StreamStart or StreamEnd:
                    return true;
            }
            if (skipping) return true;
            if (++nodeCount > limits.MaxNodes)
            {
                Report(YamlProblem.TooManyNodes, Offset(e.Start), $"more than {limits.MaxNodes} YAML nodes; the rest of the file is not read");
                EndDocument(text.Length);
                return false;
            }
            switch (e)
            {
                case Scalar scalar:
                    if (CheckTabIndentation(e)) Add(MakeScalar(scalar));
                    break;
                case AnchorAlias alias:
                    if (anchors.TryGetValue(alias.Value.Value, out var target))
                        Add(new YamlAlias(Location(e.Start, e.End), alias.Value.Value, target));
                    else
                        Fail(YamlProblem.UndefinedAlias, Offset(e.Start), $"alias *{alias.Value.Value} names no anchor defined before it");
                    break;
                case SequenceStart sequenceStart:
                    if (CheckTabIndentation(e) && CheckDepth(e))
                    {
                        var isFlow = sequenceStart.Style == SequenceStyle.Flow;
                        Open(new YamlSequence(Location(e.Start, e.End), Name(sequenceStart.Anchor), Name(sequenceStart.Tag), isFlow), sequenceStart.Anchor);
                    }
                    break;
                case MappingStart mappingStart:
                    if (CheckTabIndentation(e) && CheckDepth(e))
                    {
                        var isFlow = mappingStart.Style == MappingStyle.Flow;
                        Open(new YamlMapping(Location(e.Start, e.End), Name(mappingStart.Anchor), Name(mappingStart.Tag), isFlow), mappingStart.Anchor);
                    }
                    break;
                case SequenceEnd or MappingEnd:
                    Close(e);
                    break;
            }
            return true;
        }

        private static string? Name(AnchorName name) => name.IsEmpty ? null : name.Value;

        private static string? Name(TagName name) => name.IsEmpty ? null : name.Value;

        private void Open(YamlNode node, AnchorName anchor)
        {
            Add(node);
            if (!anchor.IsEmpty) anchors[anchor.Value] = node;
            if (node is YamlMapping { IsFlow: true } or YamlSequence { IsFlow: true }) flowDepth++;
            stack.Push(new Frame(node));
        }

        private void Close(ParsingEvent e)
        {
            var frame = stack.Pop();
            var node = frame.Node;
            var isFlow = node is YamlMapping { IsFlow: true } or YamlSequence { IsFlow: true };
            if (isFlow) flowDepth--;
            int end;
            if (isFlow)
            {
                // The end event's marks stand on the closing bracket; the node ends after it.
                end = Offset(e.Start);
                if (end < parseText.Length && parseText[end] is ']' or '}') end++;
            }
            else
            {
                var last = node switch
                {
                    YamlMapping m when m.EntryList.Count > 0 => m.EntryList[^1].Value,
                    YamlSequence s when s.ItemList.Count > 0 => s.ItemList[^1],
                    _ => null,
                };
                end = last is null ? node.Span.Start + node.Span.Length : last.Span.Start + last.Span.Length;
            }
            node.Span = lines.Location(node.Span.Start, Math.Max(end, node.Span.Start));
            if (node is YamlMapping mapping) CheckDuplicateKeys(mapping);
        }

        private void CheckDuplicateKeys(YamlMapping mapping)
        {
            if (mapping.EntryList.Count < 2) return;
            var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var entry in mapping.EntryList)
            {
                if (entry.IsMerge || entry.KeyText is not { } key) continue;
                if (seen.TryGetValue(key, out var first))
                    Report(YamlProblem.DuplicateKey, entry.Key.Span.Start, $"duplicate key '{key}' in a mapping (first at line {first.Span.Line}); YAML forbids it and loaders keep only the last");
                else seen[key] = entry.Key;
            }
        }

        private void Add(YamlNode node)
        {
            if (stack.Count == 0)
            {
                root = node;
                return;
            }
            var frame = stack.Peek();
            switch (frame.Node)
            {
                case YamlSequence sequence:
                    sequence.ItemList.Add(node);
                    break;
                case YamlMapping mapping when frame.PendingKey is null:
                    frame.PendingKey = node;
                    break;
                case YamlMapping mapping:
                    mapping.EntryList.Add(new YamlEntry(frame.PendingKey, node));
                    frame.PendingKey = null;
                    break;
            }
        }

        private YamlScalar MakeScalar(Scalar e)
        {
            var start = Offset(e.Start);
            var end = Math.Max(start, Offset(e.End));
            var anchor = Name(e.Anchor);
            var tag = Name(e.Tag);
            var contentStart = anchor is null && tag is null ? start : SkipProperties(start, end);
            var style = e.Style switch
            {
                ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
                ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
                ScalarStyle.Literal => YamlScalarStyle.Literal,
                ScalarStyle.Folded => YamlScalarStyle.Folded,
                _ => YamlScalarStyle.Plain,
            };
            var node = new YamlScalar(lines.Location(start, end), anchor, tag, style, e.Value, lines.Location(contentStart, end));
            YamlScalarText.Locate(node, text);
            if (repaired.Contains((contentStart, end)))
            {
                node.Value = UnderIndentedQuotes.Decode(text[contentStart..end]) ?? node.Value;
                Report(YamlProblem.UnderIndented, contentStart, "the continuation lines of this quoted scalar are indented less than YAML 1.2 requires; read as libyaml and GitHub read them");
            }
            if (mask is not null && mask.Overlaps(contentStart, end)) HelmTemplateMask.MarkTemplated(node, text);
            if (anchor is not null) anchors[anchor] = node;
            return node;
        }

        /// <summary>Skips an anchor and a tag (and the blanks, breaks and comments after them) before a scalar's token.</summary>
        private int SkipProperties(int start, int end)
        {
            var i = start;
            while (i < end)
            {
                var c = parseText[i];
                if (c == '&' || c == '!')
                {
                    if (c == '!' && i + 1 < end && parseText[i + 1] == '<')
                    {
                        var close = parseText.IndexOf('>', i, end - i);
                        i = close < 0 ? end : close + 1;
                        continue;
                    }
                    while (i < end && !IsBlankOrBreak(parseText[i])) i++;
                }
                else if (IsBlankOrBreak(c)) i++;
                else if (c == '#') while (i < end && parseText[i] is not ('\n' or '\r')) i++;
                else break;
            }
            return i;
        }

        private static bool IsBlankOrBreak(char c) => c is ' ' or '\t' or '\n' or '\r';

        private bool CheckDepth(ParsingEvent e)
        {
            if (stack.Count < limits.MaxDepth) return true;
            // Stop reading: YamlDotNet's scanner slows down quadratically on very deep flow nesting (50,000 '[' take
            // seconds), so going on to the document's end could take minutes on a 4 MiB file.
            Fail(YamlProblem.TooDeep, Offset(e.Start), $"collections nested more than {limits.MaxDepth} deep; the rest of the file is not read");
            stopped = true;
            return false;
        }

        /// <summary>A block node whose line starts with blanks that include a tab is indented with a tab: YAML forbids it.</summary>
        private bool CheckTabIndentation(ParsingEvent e)
        {
            if (flowDepth > 0) return true;
            var offset = Offset(e.Start);
            var sawTab = false;
            var i = offset - 1;
            for (; i >= 0 && parseText[i] is ' ' or '\t'; i--) sawTab |= parseText[i] == '\t';
            if (!sawTab || (i >= 0 && parseText[i] is not ('\n' or '\r'))) return true;
            Fail(YamlProblem.TabIndentation, offset, "a tab character is used for indentation (YAML allows only spaces)");
            return false;
        }

        /// <summary>A problem that loses the current document: reported, and its remaining events skipped.</summary>
        private void Fail(YamlProblem problem, int offset, string message)
        {
            Report(problem, offset, message);
            skipping = true;
        }

        private void Report(YamlProblem problem, int offset, string message)
        {
            var (line, column) = lines.Position(offset);
            var diagnostic = new YamlDiagnostic(problem, line, column, offset, InDocument ? Documents.Count : -1, message);
            AllDiagnostics.Add(diagnostic);
            if (InDocument) docDiagnostics.Add(diagnostic);
        }

        private void EndDocument(int end)
        {
            var fatal = skipping || docDiagnostics.Any(d => d.Fatal) || stack.Count > 0;
            Documents.Add(new YamlDocument(Documents.Count, lines.Location(docStart, Math.Max(docStart, end)), fatal ? null : root, [.. docDiagnostics]));
            docDiagnostics.Clear();
            anchors.Clear();
            stack.Clear();
            root = null;
            skipping = false;
            flowDepth = 0;
            InDocument = false;
        }

        private TextLocation Location(Mark start, Mark end)
        {
            var s = Offset(start);
            return lines.Location(s, Math.Max(s, Offset(end)));
        }

        private int Offset(Mark mark) => (int)Math.Clamp(mark.Index + shift, 0, text.Length);

        /// <summary>YamlDotNet's messages repeat the position ("(Line: 3, Col: 1, Idx: 20) - (…): "); the diagnostic has it already.</summary>
        private static string StripPosition(string message)
        {
            var marker = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
        }
    }
}
