namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>The $ forms: <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME</c> modifier <c>word}</c>.</summary>
internal sealed partial class WordExpansion
{
    /// <summary>Expands the $ form at the current position and returns its value.</summary>
    private string ExpandDollar()
    {
        var start = position++;
        if (position >= word.Length || word[position] != '{')
        {
            var bareName = ReadName();
            // A $ not followed by a name (e.g. "$." or a trailing "$") is literal.
            return bareName.Length == 0 ? "$" : Lookup(bareName) ?? "";
        }

        position++;
        if (position >= word.Length) throw Error(start, "syntax error: missing '}'");
        if (word[position] is '{' or '}' or ':') throw Error(start, "syntax error: bad substitution");

        var name = ReadName();
        if (position >= word.Length) throw Error(start, "syntax error: missing '}'");
        var modifier = ReadCharacter();
        switch (modifier)
        {
            case "}":
                return Lookup(name) ?? "";
            case ":":
                if (position >= word.Length) throw Error(start, "syntax error: missing '}'");
                return ExpandWithWord(start, name, ":" + ReadCharacter());
            case "+" or "-" or "?" or "#" or "%":
                return ExpandWithWord(start, name, modifier);
            case "/":
                return ExpandReplacement(start, name);
            default:
                throw Error(start, $"unsupported modifier ({modifier}) in substitution");
        }
    }

    /// <summary>The forms <c>${NAME-word}</c>, <c>${NAME:+word}</c>, <c>${NAME?word}</c>, <c>${NAME#word}</c> and the like.</summary>
    private string ExpandWithWord(int start, string name, string modifier)
    {
        var nullIsUnset = modifier[0] == ':';
        // Any operator other than - + ? # % (e.g. the '=' of ${NAME:=word}) ends up unsupported below;
        // '\0' covers a ':' followed by a character outside the basic plane.
        var operation = modifier.Length == (nullIsUnset ? 2 : 1) ? modifier[^1] : '\0';
        var isPattern = operation is '#' or '%';
        if (nullIsUnset && isPattern) throw Error(start, $"unsupported modifier ({modifier}) in substitution");

        // The word is expanded before the modifier is checked, as BuildKit does: names in it are
        // recorded even when unused, and an unterminated word is reported before a bad modifier.
        var argument = ProcessNested('}', keepEscapes: isPattern, start, "syntax error: missing '}'");
        var value = Lookup(name);
        var treatAsUnset = value is null || (nullIsUnset && value.Length == 0);
        switch (operation)
        {
            case '-':
                return treatAsUnset ? argument : value!;
            case '+':
                return treatAsUnset ? "" : argument;
            case '?':
                if (value is null)
                    throw Error(start, $"{name}: {(argument.Length > 0 ? argument : "is not allowed to be unset")}");
                if (treatAsUnset)
                    throw Error(start, $"{name}: {(argument.Length > 0 ? argument : "is not allowed to be empty")}");
                return value;
            case '#' or '%':
                return TrimByPattern(start, operation, value ?? "", argument);
            default:
                throw Error(start, $"unsupported modifier ({modifier}) in substitution");
        }
    }

    /// <summary><c>${NAME#pattern}</c>, <c>${NAME##pattern}</c>, <c>${NAME%pattern}</c>, <c>${NAME%%pattern}</c>.</summary>
    private string TrimByPattern(int start, char operation, string value, string pattern)
    {
        // A doubled operator asks for the longest match; BuildKit checks this on the expanded word.
        var longest = pattern.Length > 0 && pattern[0] == operation;
        if (longest) pattern = pattern[1..];
        var result = operation == '#'
            ? PatternSubstitution.TrimPrefix(value, pattern, longest, out var error)
            : PatternSubstitution.TrimSuffix(value, pattern, longest, out error);
        return result ?? throw Error(start, $"invalid pattern ({pattern}) in substitution: {error}");
    }

    /// <summary><c>${NAME/pattern/replacement}</c> and <c>${NAME//pattern/replacement}</c>.</summary>
    private string ExpandReplacement(int start, string name)
    {
        var replaceAll = position < word.Length && word[position] == '/';
        if (replaceAll) position++;
        var pattern = ProcessNested('/', keepEscapes: true, start, "syntax error: missing '/' in ${}");
        var replacement = ProcessNested('}', keepEscapes: true, start, "syntax error: missing '}'");
        var value = Lookup(name) ?? "";
        var result = replaceAll
            ? PatternSubstitution.ReplaceAll(value, pattern, replacement, out var error)
            : PatternSubstitution.ReplaceFirst(value, pattern, replacement, out error);
        return result ?? throw Error(start, $"invalid pattern ({pattern}) in substitution: {error}");
    }

    /// <summary>
    /// Processes the word inside a ${...} form up to <paramref name="stopChar"/>. Running out of input
    /// there is reported as the form's own missing delimiter, whatever failed first inside it.
    /// </summary>
    private string ProcessNested(char stopChar, bool keepEscapes, int formStart, string missingDelimiter)
    {
        if (nestingDepth >= MaxNestingDepth)
            throw Error(formStart, $"variable substitutions nested deeper than {MaxNestingDepth} levels");
        nestingDepth++;
        try
        {
            return ProcessUntil(stopChar, keepEscapes, words: null);
        }
        catch (ShellExpansionException) when (position >= word.Length)
        {
            throw Error(formStart, missingDelimiter);
        }
        finally
        {
            nestingDepth--;
        }
    }

    /// <summary>
    /// Reads a parameter name: a run of digits (positional), one special character (@ * # ? - $ ! 0),
    /// or letters, digits and underscores. Letters and digits are Unicode ones, as in Go.
    /// </summary>
    private string ReadName()
    {
        var start = position;
        if (position >= word.Length) return "";
        if (Utf16Runes.IsDigitAt(word, position))
        {
            while (position < word.Length && Utf16Runes.IsDigitAt(word, position))
                position += Utf16Runes.WidthAt(word, position);
            return word[start..position];
        }
        if (word[position] is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
        {
            position++;
            return word.Substring(start, 1);
        }
        while (position < word.Length &&
               (word[position] == '_' || Utf16Runes.IsLetterAt(word, position) || Utf16Runes.IsDigitAt(word, position)))
            position += Utf16Runes.WidthAt(word, position);
        return word[start..position];
    }

    /// <summary>Reads one code point (a surrogate pair stays whole) as a string.</summary>
    private string ReadCharacter()
    {
        var width = Utf16Runes.WidthAt(word, position);
        var text = word.Substring(position, width);
        position += width;
        return text;
    }

    private string? Lookup(string name)
    {
        var value = lookup(name);
        if (recordNames)
        {
            if (value is null) (unmatched ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            else (matched ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }
        return value;
    }
}
