namespace ImagePin.Registry.Transport;

/// <summary>One challenge of a WWW-Authenticate header: a scheme and its parameters (names case-insensitive).</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses a WWW-Authenticate value per RFC 9110 §11.6.1: several challenges, each a scheme then a token68
    /// or comma-separated name=value pairs whose values are tokens or quoted strings with backslash escapes.
    /// Malformed parts are skipped rather than thrown: the caller reports what is missing.
    /// </summary>
    public static List<AuthChallenge> Parse(string? header)
    {
        var result = new List<AuthChallenge>();
        if (string.IsNullOrEmpty(header)) return result;
        var i = 0;
        while (true)
        {
            SkipSeparators(header, ref i);
            var scheme = ReadToken(header, ref i);
            if (scheme.Length == 0)
            {
                if (i >= header.Length) break;
                i++; // not a token character: skip it
                continue;
            }
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            ReadParameters(header, ref i, parameters);
            result.Add(new AuthChallenge(scheme, parameters));
        }
        return result;
    }

    private static void ReadParameters(string s, ref int i, Dictionary<string, string> parameters)
    {
        while (true)
        {
            var start = i;
            SkipSeparators(s, ref i);
            var name = ReadToken(s, ref i);
            if (name.Length == 0) { if (i < s.Length && s[i] != ',') i++; if (i >= s.Length) return; continue; }
            SkipSpaces(s, ref i);
            if (i >= s.Length || s[i] != '=')
            {
                i = start; // a bare token: the next challenge's scheme
                return;
            }
            i++;
            if (i < s.Length && s[i] == '=' || i >= s.Length || s[i] == ',')
            {
                // token68 such as "abc==": keep it whole under an empty name.
                while (i < s.Length && s[i] == '=') i++;
                parameters.TryAdd("", name);
                continue;
            }
            SkipSpaces(s, ref i);
            var value = i < s.Length && s[i] == '"' ? ReadQuoted(s, ref i) : ReadToken(s, ref i);
            parameters.TryAdd(name, value);
        }
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var sb = new System.Text.StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length) i++;
            sb.Append(s[i++]);
        }
        if (i < s.Length) i++; // closing quote (absent when truncated)
        return sb.ToString();
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && IsTokenChar(s[i])) i++;
        return s[start..i];
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~/:".Contains(c);

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t') i++;
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',') i++;
    }
}
