using System.Buffers;
using System.Collections.Frozen;

namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>
/// Expands variables in Dockerfile words the way BuildKit's shell lexer does (ARG, ENV, FROM, ...):
/// quotes and escapes are removed, <c>$NAME</c> and <c>${NAME...}</c> forms are replaced.
/// Positional and special parameters (<c>$1</c>, <c>$@</c>, ...) are looked up like names and so
/// are normally unset. Instances are immutable and thread-safe.
/// </summary>
internal sealed class ShellWordExpander
{
    private static readonly IReadOnlySet<string> NoNames = FrozenSet<string>.Empty;

    private readonly char escapeToken;
    private readonly bool caseInsensitiveNames;
    private readonly SearchValues<char> specialCharacters;

    /// <param name="escapeToken">The Dockerfile escape character: <c>\</c>, or <c>`</c> after <c># escape=`</c>.</param>
    /// <param name="caseInsensitiveNames">
    /// Windows rules: names match variables regardless of case. Applies to the dictionary overloads;
    /// a lookup function applies its own rule.
    /// </param>
    public ShellWordExpander(char escapeToken = '\\', bool caseInsensitiveNames = false)
    {
        if (escapeToken is not ('\\' or '`'))
            throw new ArgumentOutOfRangeException(nameof(escapeToken), escapeToken, "the escape token must be '\\' or '`'");
        this.escapeToken = escapeToken;
        this.caseInsensitiveNames = caseInsensitiveNames;
        specialCharacters = SearchValues.Create(['$', '\'', '"', escapeToken, '\uFEFF']);
    }

    private static readonly ShellWordExpander Backslash = new('\\');
    private static readonly ShellWordExpander Backtick = new('`');

    /// <summary>The shared expander for a Dockerfile's escape character (Linux rules), made once per process, not per file.</summary>
    public static ShellWordExpander For(char escapeToken) => escapeToken == '`' ? Backtick : escapeToken == '\\' ? Backslash : new(escapeToken);

    public char EscapeToken => escapeToken;

    public bool CaseInsensitiveNames => caseInsensitiveNames;

    /// <summary>Expands one word. <paramref name="lookup"/> returns null for an unset variable and "" for a set but empty one.</summary>
    /// <exception cref="ShellExpansionException">The word is malformed or a required variable has no value.</exception>
    public ExpandedWord ProcessWord(string word, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(lookup);
        if (IsPlain(word)) return new ExpandedWord(word, NoNames, NoNames);

        var expansion = new WordExpansion(word, escapeToken, lookup, recordNames: true);
        var value = expansion.Run(words: null);
        return new ExpandedWord(value, expansion.Matched ?? NoNames, expansion.Unmatched ?? NoNames);
    }

    /// <summary>Expands one word against a set of variables, matching names by this expander's rule.</summary>
    public ExpandedWord ProcessWord(string word, IReadOnlyDictionary<string, string> variables) =>
        ProcessWord(word, LookupIn(variables));

    /// <summary>
    /// Expands one word and splits the result into words: unquoted whitespace, including whitespace
    /// that comes from a variable's value, separates words; quoted or escaped whitespace does not.
    /// </summary>
    /// <exception cref="ShellExpansionException">The word is malformed or a required variable has no value.</exception>
    public IReadOnlyList<string> ProcessWords(string word, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(lookup);
        if (IsPlain(word)) return word.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        var words = new WordSplitter();
        new WordExpansion(word, escapeToken, lookup, recordNames: false).Run(words);
        return words.Finish();
    }

    /// <summary>Expands and splits one word against a set of variables, matching names by this expander's rule.</summary>
    public IReadOnlyList<string> ProcessWords(string word, IReadOnlyDictionary<string, string> variables) =>
        ProcessWords(word, LookupIn(variables));

    /// <summary>
    /// Splits one word of an ARG instruction, <c>name[=default]</c>, at its first <c>=</c>, as BuildKit does
    /// before expansion. Both parts are still raw: expand the name, and the default against the variables in
    /// scope, with <see cref="ProcessWord(string, Func{string, string?})"/>.
    /// </summary>
    /// <exception cref="ShellExpansionException">The name before <c>=</c> is empty.</exception>
    public static (string Name, string? RawDefault) SplitArgDeclaration(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var equals = word.IndexOf('=');
        if (equals < 0) return (word, null);
        if (equals == 0) throw new ShellExpansionException(word, 0, "ARG names can not be blank");
        return (word[..equals], word[(equals + 1)..]);
    }

    // Nothing to expand, unquote or unescape: the common case of a literal image reference.
    private bool IsPlain(string word) => !word.AsSpan().ContainsAny(specialCharacters);

    private Func<string, string?> LookupIn(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!caseInsensitiveNames) return name => variables.TryGetValue(name, out var value) ? value : null;
        return name =>
        {
            if (variables.TryGetValue(name, out var value)) return value;
            foreach (var (key, candidate) in variables)
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return candidate;
            return null;
        };
    }
}
