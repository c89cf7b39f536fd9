using System.Buffers;
using System.Text;

namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>
/// One pass of BuildKit's shell lexer over one word: quotes, escapes and $ expansions, scanned
/// left to right with nested ${...} words handled recursively. This file holds the text-level
/// rules; WordExpansion.Parameters.cs holds the $ forms.
/// </summary>
internal sealed partial class WordExpansion
{
    private const int NoStop = -1;

    /// <summary>
    /// Deepest nesting of ${...} forms inside one another. Each level recurses, and running out of stack
    /// kills the process outright; no real Dockerfile comes anywhere near this.
    /// </summary>
    internal const int MaxNestingDepth = 128;

    // Characters that end a run of ordinary text, by escape token (\ then `) and stop character (none, } and /).
    private static readonly SearchValues<char>[] RunEnds =
    [
        SearchValues.Create("$'\"\\"), SearchValues.Create("$'\"\\}"), SearchValues.Create("$'\"\\/"),
        SearchValues.Create("$'\"`"), SearchValues.Create("$'\"`}"), SearchValues.Create("$'\"`/"),
    ];

    private readonly string word;
    private readonly char escapeToken;
    private readonly Func<string, string?> lookup;
    private readonly bool recordNames;
    private int position;
    // Number of ${...} words currently being processed inside one another.
    private int nestingDepth;
    // Inside the pattern and replacement of # % / forms BuildKit keeps escape characters in the
    // text (the pattern syntax needs them); the setting applies to everything nested in that word.
    private bool keepEscapes;
    private HashSet<string>? matched;
    private HashSet<string>? unmatched;

    public WordExpansion(string word, char escapeToken, Func<string, string?> lookup, bool recordNames)
    {
        this.word = word;
        this.escapeToken = escapeToken;
        this.lookup = lookup;
        this.recordNames = recordNames;
        // Go's text/scanner, which BuildKit reads the word with, drops a leading byte-order mark.
        position = word.StartsWith('\uFEFF') ? 1 : 0;
    }

    public IReadOnlySet<string>? Matched => matched;
    public IReadOnlySet<string>? Unmatched => unmatched;

    /// <summary>Expands the whole word; <paramref name="words"/>, when given, receives the split words.</summary>
    public string Run(WordSplitter? words) => ProcessUntil(NoStop, keepEscapes: false, words);

    /// <summary>Processes text until <paramref name="stopChar"/> (consumed) or, with <see cref="NoStop"/>, the end.</summary>
    private string ProcessUntil(int stopChar, bool keepEscapes, WordSplitter? words)
    {
        var outerKeepEscapes = this.keepEscapes;
        this.keepEscapes = keepEscapes;
        var result = new StringBuilder();
        var runEnds = RunEnds[(escapeToken == '`' ? 3 : 0) + stopChar switch { NoStop => 0, '}' => 1, _ => 2 }];
        while (position < word.Length)
        {
            if (words is null)
            {
                // Without word splitting, ordinary text needs no per-character work: copy it in one go.
                var run = word.AsSpan(position).IndexOfAny(runEnds);
                var length = run < 0 ? word.Length - position : run;
                if (length > 0)
                {
                    result.Append(word, position, length);
                    position += length;
                    continue;
                }
            }
            var ch = word[position];
            if (ch == stopChar)
            {
                position++;
                this.keepEscapes = outerKeepEscapes;
                return result.ToString();
            }
            switch (ch)
            {
                case '$':
                    var value = ExpandDollar();
                    result.Append(value);
                    words?.AddExpansion(value);
                    continue;
                case '\'':
                    var singleQuoted = ReadSingleQuoted();
                    result.Append(singleQuoted);
                    words?.AddQuoted(singleQuoted);
                    continue;
                case '"':
                    var doubleQuoted = ReadDoubleQuoted();
                    result.Append(doubleQuoted);
                    words?.AddQuoted(doubleQuoted);
                    continue;
            }

            position++;
            if (ch == escapeToken)
            {
                if (this.keepEscapes)
                {
                    result.Append(ch);
                    words?.AddVerbatim(ch);
                }
                // An escape at the very end escapes nothing and disappears.
                if (position >= word.Length) break;
                ch = word[position++];
                words?.AddVerbatim(ch);
            }
            else
            {
                words?.AddUnquoted(ch);
            }
            result.Append(ch);
        }
        if (stopChar != NoStop)
            throw Error(position, $"unexpected end of statement while looking for matching {(char)stopChar}");
        this.keepEscapes = outerKeepEscapes;
        return result.ToString();
    }

    /// <summary>Single quotes: everything up to the next single quote, literally.</summary>
    private string ReadSingleQuoted()
    {
        var start = position;
        var close = word.IndexOf('\'', start + 1);
        if (close < 0)
        {
            position = word.Length;
            throw Error(start, "unexpected end of statement while looking for matching single-quote");
        }
        position = close + 1;
        return word.Substring(start + 1, close - start - 1);
    }

    /// <summary>
    /// Double quotes: $ expands; the escape character escapes only a double quote, a dollar or
    /// itself and otherwise stays literal.
    /// </summary>
    private string ReadDoubleQuoted()
    {
        var start = position++;
        var result = new StringBuilder();
        while (true)
        {
            if (position >= word.Length)
                throw Error(start, "unexpected end of statement while looking for matching double-quote");
            var ch = word[position];
            if (ch == '"')
            {
                position++;
                return result.ToString();
            }
            if (ch == '$')
            {
                result.Append(ExpandDollar());
                continue;
            }
            position++;
            if (ch == escapeToken)
            {
                if (keepEscapes) result.Append(ch);
                if (position >= word.Length) continue;
                var next = word[position];
                if (next == '"' || next == '$' || next == escapeToken)
                {
                    ch = next;
                    position++;
                }
            }
            result.Append(ch);
        }
    }

    private ShellExpansionException Error(int offset, string reason) => new(word, offset, reason);
}
