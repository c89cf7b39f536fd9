namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// Where BuildKit's shell lexer (raw quotes, raw escapes, unset variables kept, backslash escape)
/// splits a line into words, which is all heredoc detection needs. Quotes and escapes protect
/// white space; inside <c>${…}</c> every white space splits, because the lexer re-splits the
/// expansion's text. An unclosed quote or a malformed <c>${…}</c> is a lexer error: no words.
/// </summary>
internal sealed class ShellWordBoundaries
{
    /// <summary>As the word expander: deeper <c>${…}</c> nesting is refused, so no input can exhaust the stack.</summary>
    internal const int MaxNesting = 128;

    private readonly string text;
    private readonly List<(int Start, int End)> words = [];
    private int position;
    private int wordStart = -1;
    private int nesting;

    private ShellWordBoundaries(string text) => this.text = text;

    public static List<(int Start, int End)>? Split(string text)
    {
        var splitter = new ShellWordBoundaries(text);
        return splitter.ReadTopLevel() ? splitter.words : null;
    }

    private bool ReadTopLevel()
    {
        while (position < text.Length)
        {
            switch (text[position])
            {
                case '$':
                    if (!ReadDollar(splitting: true)) return false;
                    break;
                case '\'':
                    if (!ReadSingleQuoted(splitting: false)) return false;
                    break;
                case '"':
                    if (!ReadDoubleQuoted(splitting: false)) return false;
                    break;
                case '\\':
                    Mark(position++, splitting: false);
                    if (position < text.Length) Mark(position++, splitting: false);
                    break;
                default:
                    Mark(position++, splitting: true);
                    break;
            }
        }
        EndWord(text.Length);
        return true;
    }

    /// <summary>Reads up to and including <paramref name="stop"/>, like the lexer's processStopOn.</summary>
    private bool ReadUntil(char stop, bool splitting)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == stop) { Mark(position++, splitting); return true; }
            switch (c)
            {
                case '$':
                    if (!ReadDollar(splitting)) return false;
                    break;
                case '\'':
                    if (!ReadSingleQuoted(splitting)) return false;
                    break;
                case '"':
                    if (!ReadDoubleQuoted(splitting)) return false;
                    break;
                case '\\':
                    if (position + 1 >= text.Length) return false;
                    Mark(position++, splitting);
                    Mark(position++, splitting);
                    break;
                default:
                    Mark(position++, splitting);
                    break;
            }
        }
        return false;
    }

    private bool ReadSingleQuoted(bool splitting)
    {
        Mark(position++, splitting);
        while (position < text.Length)
        {
            var c = text[position];
            Mark(position++, splitting);
            if (c == '\'') return true;
        }
        return false;
    }

    private bool ReadDoubleQuoted(bool splitting)
    {
        Mark(position++, splitting);
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"') { Mark(position++, splitting); return true; }
            if (c == '$') { if (!ReadDollar(splitting)) return false; continue; }
            Mark(position++, splitting);
            if (c == '\\' && position < text.Length && text[position] is '"' or '$' or '\\') Mark(position++, splitting);
        }
        return false;
    }

    private bool ReadDollar(bool splitting)
    {
        if (++nesting > MaxNesting) return false;
        try
        {
            return ReadDollarBody(splitting);
        }
        finally
        {
            nesting--;
        }
    }

    private bool ReadDollarBody(bool splitting)
    {
        Mark(position++, splitting);
        if (position >= text.Length) return true;
        if (text[position] != '{')
        {
            SkipName(splitting);
            return true;
        }
        Mark(position++, splitting);
        if (position >= text.Length || text[position] is '{' or '}' or ':') return false;
        SkipName(splitting);
        if (position >= text.Length) return false;
        var modifier = text[position];
        Mark(position++, splitting);
        switch (modifier)
        {
            case '}':
                return true;
            case ':':
                if (position >= text.Length) return false;
                Mark(position++, splitting);
                return ReadUntil('}', splitting);
            case '+' or '-' or '?' or '#' or '%':
                return ReadUntil('}', splitting);
            case '/':
                return ReadUntil('/', splitting) && ReadUntil('}', splitting);
            default:
                return false;
        }
    }

    // Variable names: digits, one special parameter, or letters, digits and underscores.
    private void SkipName(bool splitting)
    {
        if (position >= text.Length) return;
        var c = text[position];
        if (char.IsDigit(c))
        {
            while (position < text.Length && char.IsDigit(text[position])) Mark(position++, splitting);
            return;
        }
        if (c is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0') { Mark(position++, splitting); return; }
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_')) Mark(position++, splitting);
    }

    private void Mark(int index, bool splitting)
    {
        if (splitting && GoText.IsSpace(text[index])) EndWord(index);
        else if (wordStart < 0) wordStart = index;
    }

    private void EndWord(int index)
    {
        if (wordStart >= 0) words.Add((wordStart, index));
        wordStart = -1;
    }
}
