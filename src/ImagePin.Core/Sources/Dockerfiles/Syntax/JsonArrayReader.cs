using System.Text;

namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// Reads the exec (JSON array) form the way BuildKit does with Go's encoding/json: the whole rest
/// of the line must be one valid JSON value that is an array; any syntax error means "not JSON"
/// (BuildKit then falls back to shell form), while a valid array holding a non-string is an error.
/// </summary>
internal sealed class JsonArrayReader
{
    public enum Outcome { NotJson, NotStringArray, StringArray }

    private readonly LogicalLine line;
    private readonly string text;
    private readonly int end;
    private readonly StringBuilder decoded = new();
    private readonly List<int> starts = [];
    private readonly List<int> ends = [];
    private int position;

    private JsonArrayReader(LogicalLine line, int start, int end)
    {
        this.line = line;
        text = line.Text;
        position = start;
        this.end = end;
    }

    public static Outcome Read(LogicalLine line, int start, int end, out List<Word> elements)
    {
        elements = [];
        while (start < end && GoText.IsSpace(line.Text[start])) start++;
        if (start >= end || line.Text[start] != '[') return Outcome.NotJson;
        var reader = new JsonArrayReader(line, start, end);
        var allStrings = true;
        if (!reader.ReadTopArray(elements, ref allStrings)) return Outcome.NotJson;
        reader.SkipWhitespace();
        if (reader.position != end) return Outcome.NotJson;
        return allStrings ? Outcome.StringArray : Outcome.NotStringArray;
    }

    private bool ReadTopArray(List<Word> elements, ref bool allStrings)
    {
        position++; // '['
        SkipWhitespace();
        if (Peek() == ']') { position++; return true; }
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '"')
            {
                var word = ReadStringElement();
                if (word == null) return false;
                elements.Add(word);
            }
            else
            {
                allStrings = false;
                if (!SkipValue(0)) return false;
            }
            SkipWhitespace();
            var next = Peek();
            position++;
            if (next == ']') return true;
            if (next != ',') return false;
        }
    }

    private Word? ReadStringElement()
    {
        decoded.Clear();
        starts.Clear();
        ends.Clear();
        var open = position;
        // Most elements have no escapes: the value is the text between the quotes, and no per-character map is needed.
        var close = open + 1;
        while (close < end && text[close] is not ('"' or '\\') && text[close] >= 0x20) close++;
        if (close < end && text[close] == '"')
        {
            position = close + 1;
            return new Word(text.Substring(open + 1, close - open - 1), new ValueMap(line, open + 1));
        }
        if (!ReadString(record: true)) return null;
        var value = decoded.ToString();
        var plain = value.Length == position - open - 2;
        var map = plain ? new ValueMap(line, open + 1) : new ValueMap(line, [.. starts], [.. ends]);
        return new Word(value, map);
    }

    /// <summary>Reads a JSON string at the opening quote; when recording, keeps each decoded character's range.</summary>
    private bool ReadString(bool record)
    {
        position++; // opening quote
        while (position < end)
        {
            var c = text[position];
            if (c == '"') { position++; return true; }
            if (c < 0x20) return false;
            var charStart = position;
            if (c != '\\')
            {
                position++;
                if (record) Add(c, charStart);
                continue;
            }
            if (position + 1 >= end) return false;
            var escape = text[position + 1];
            position += 2;
            switch (escape)
            {
                case '"' or '\\' or '/': if (record) Add(escape, charStart); break;
                case 'b': if (record) Add('\b', charStart); break;
                case 'f': if (record) Add('\f', charStart); break;
                case 'n': if (record) Add('\n', charStart); break;
                case 'r': if (record) Add('\r', charStart); break;
                case 't': if (record) Add('\t', charStart); break;
                case 'u':
                    if (!ReadHex4(out var unit)) return false;
                    if (record) AddUnit((char)unit, charStart);
                    break;
                default: return false;
            }
        }
        return false;
    }

    // A \uD83D\uDE00 pair decodes to two UTF-16 halves; Go turns an unpaired surrogate into U+FFFD.
    private void AddUnit(char unit, int charStart)
    {
        if (char.IsHighSurrogate(unit) && position + 6 <= end && text[position] == '\\' && text[position + 1] == 'u'
            && int.TryParse(text.AsSpan(position + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var low)
            && char.IsLowSurrogate((char)low))
        {
            Add(unit, charStart);
            var lowStart = position;
            position += 6;
            Add((char)low, lowStart);
            return;
        }
        Add(char.IsSurrogate(unit) ? '\uFFFD' : unit, charStart);
    }

    private void Add(char c, int charStart)
    {
        decoded.Append(c);
        starts.Add(charStart);
        ends.Add(position);
    }

    private bool ReadHex4(out int value)
    {
        value = 0;
        if (position + 4 > end) return false;
        if (!int.TryParse(text.AsSpan(position, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out value)) return false;
        position += 4;
        return true;
    }

    private bool SkipValue(int depth)
    {
        if (depth > 10000) return false;
        SkipWhitespace();
        switch (Peek())
        {
            case '"': return ReadString(record: false);
            case '[': return SkipContainer(']', depth, isObject: false);
            case '{': return SkipContainer('}', depth, isObject: true);
            case 't': return SkipLiteral("true");
            case 'f': return SkipLiteral("false");
            case 'n': return SkipLiteral("null");
            default: return SkipNumber();
        }
    }

    private bool SkipContainer(char close, int depth, bool isObject)
    {
        position++;
        SkipWhitespace();
        if (Peek() == close) { position++; return true; }
        while (true)
        {
            SkipWhitespace();
            if (isObject)
            {
                if (Peek() != '"' || !ReadString(record: false)) return false;
                SkipWhitespace();
                if (Peek() != ':') return false;
                position++;
            }
            if (!SkipValue(depth + 1)) return false;
            SkipWhitespace();
            var next = Peek();
            position++;
            if (next == close) return true;
            if (next != ',') return false;
        }
    }

    private bool SkipLiteral(string literal)
    {
        if (position + literal.Length > end || string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0) return false;
        position += literal.Length;
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private bool SkipNumber()
    {
        if (Peek() == '-') position++;
        if (Peek() == '0') position++;
        else if (Peek() is >= '1' and <= '9') SkipDigits();
        else return false;
        if (Peek() == '.')
        {
            position++;
            if (!SkipDigits()) return false;
        }
        if (Peek() is 'e' or 'E')
        {
            position++;
            if (Peek() is '+' or '-') position++;
            if (!SkipDigits()) return false;
        }
        return true;
    }

    private bool SkipDigits()
    {
        var from = position;
        while (Peek() is >= '0' and <= '9') position++;
        return position > from;
    }

    private void SkipWhitespace()
    {
        while (position < end && text[position] is ' ' or '\t' or '\n' or '\r') position++;
    }

    private char Peek() => position < end ? text[position] : '\0';
}
