using System.Text;

namespace ImagePin.Sources.Yaml;

/// <summary>A problem in a <c>.env</c> file, on a 1-based line.</summary>
internal sealed record DotEnvError(int Line, string Message);

/// <summary>The variables of a <c>.env</c> file, in file order (a later line wins).</summary>
internal sealed record DotEnvFile(IReadOnlyDictionary<string, string> Values, IReadOnlyList<DotEnvError> Errors)
{
    /// <summary>
    /// Reads a <c>.env</c> file by Compose's rules: <c>#</c> lines and blank lines are skipped; <c>export </c> may start
    /// a line; <c>VAR=VAL</c>, <c>VAR="VAL"</c>, <c>VAR='VAL'</c>; an unquoted value ends at <c> #</c> (a <c>#</c> after a
    /// blank) and is trimmed; a quoted value may span lines and a comment may follow its closing quote; single-quoted
    /// values are literal except <c>\'</c>; double-quoted values know <c>\n \r \t \\ \" \$</c>; unquoted and
    /// double-quoted values are interpolated (<see cref="ComposeInterpolation"/>) with the variables defined above them,
    /// then <paramref name="environment"/>; an unset one becomes empty, as Compose does. A line that is only a name
    /// takes its value from <paramref name="environment"/>, or is skipped.
    /// </summary>
    public static DotEnvFile Parse(string text, Func<string, string?>? environment = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<DotEnvError>();
        string? Lookup(string name) => values.TryGetValue(name, out var v) ? v : environment?.Invoke(name);
        var reader = new Reader(text);
        while (!reader.AtEnd)
        {
            var line = reader.Line;
            reader.SkipBlanks();
            if (reader.AtLineEnd || reader.Peek == '#')
            {
                reader.SkipLine();
                continue;
            }
            if (reader.TryConsume("export ") || reader.TryConsume("export\t")) reader.SkipBlanks();
            var name = reader.Name();
            reader.SkipBlanks();
            if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            {
                errors.Add(new DotEnvError(line, "expected a variable name ([A-Za-z_][A-Za-z0-9_.-]*) at the start of the line"));
                reader.SkipLine();
                continue;
            }
            if (reader.AtLineEnd || reader.Peek == '#')
            {
                if (environment?.Invoke(name) is { } inherited) values[name] = inherited;
                reader.SkipLine();
                continue;
            }
            if (!reader.TryConsume("="))
            {
                errors.Add(new DotEnvError(line, $"expected '=' after {name}"));
                reader.SkipLine();
                continue;
            }
            reader.SkipBlanks();
            string? value = reader.Peek switch
            {
                '\'' => reader.Quoted('\'', line, errors),
                '"' => reader.Quoted('"', line, errors) is { } raw ? Interpolate(raw, Lookup) : null,
                _ => Interpolate(reader.Unquoted(), Lookup),
            };
            if (value is not null) values[name] = value;
            reader.SkipLine();
        }
        return new DotEnvFile(values, errors);
    }

    private static string Interpolate(string raw, Func<string, string?> lookup) => ComposeInterpolation.Substitute(raw, lookup);

    private sealed class Reader(string text)
    {
        private int i;

        public int Line { get; private set; } = 1;

        public bool AtEnd => i >= text.Length;

        public bool AtLineEnd => i >= text.Length || text[i] is '\n' or '\r';

        public char Peek => i < text.Length ? text[i] : '\0';

        public void SkipBlanks()
        {
            while (i < text.Length && text[i] is ' ' or '\t') i++;
        }

        public void SkipLine()
        {
            while (i < text.Length && text[i] is not ('\n' or '\r')) i++;
            if (i < text.Length && text[i] == '\r') i++;
            if (i < text.Length && text[i] == '\n') i++;
            Line++;
        }

        public bool TryConsume(string literal)
        {
            if (!text.AsSpan(i).StartsWith(literal, StringComparison.Ordinal)) return false;
            i += literal.Length;
            return true;
        }

        public string Name()
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-')) i++;
            return text[start..i];
        }

        /// <summary>An unquoted value: to the line's end or a <c>#</c> after a blank, trimmed.</summary>
        public string Unquoted()
        {
            var start = i;
            while (i < text.Length && text[i] is not ('\n' or '\r'))
            {
                if (text[i] == '#' && i > start && text[i - 1] is ' ' or '\t') break;
                i++;
            }
            return text[start..i].Trim(' ', '\t');
        }

        /// <summary>A quoted value starting at its opening quote; null (with an error) when it never closes.</summary>
        public string? Quoted(char quote, int line, List<DotEnvError> errors)
        {
            i++;
            var value = new StringBuilder();
            while (i < text.Length && text[i] != quote)
            {
                var c = text[i];
                if (c == '\n') Line++;
                if (c == '\\' && i + 1 < text.Length)
                {
                    var next = text[i + 1];
                    var escaped = quote == '\'' ? (next == '\'' ? "'" : null) : next switch
                    {
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        '\\' => "\\",
                        '"' => "\"",
                        '$' => "$$",
                        _ => null,
                    };
                    if (escaped is not null)
                    {
                        value.Append(escaped);
                        i += 2;
                        continue;
                    }
                }
                value.Append(c);
                i++;
            }
            if (i >= text.Length)
            {
                errors.Add(new DotEnvError(line, $"the value's {quote} quote is never closed"));
                return null;
            }
            i++;
            return value.ToString();
        }
    }
}
