using System.Text;

namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>
/// Collects the words of an expanded word the way BuildKit splits them: unquoted whitespace
/// (literal or from a variable's value) separates words; quoted and escaped text never does.
/// </summary>
internal sealed class WordSplitter
{
    private readonly StringBuilder current = new();
    private readonly List<string> words = [];
    // True once the current word has started, even if only with an empty quoted string.
    private bool inWord;

    /// <summary>An unquoted, unescaped character from the word itself.</summary>
    public void AddUnquoted(char ch)
    {
        if (!char.IsWhiteSpace(ch)) AddVerbatim(ch);
        else if (inWord && current.Length != 0) EndWord();
        // BuildKit keeps inWord set when the word so far is empty (after ""), so "" alone yields no word.
    }

    /// <summary>The value of a $ expansion: its whitespace splits words.</summary>
    public void AddExpansion(string value)
    {
        foreach (var ch in value) AddUnquoted(ch);
    }

    /// <summary>An escaped character: always part of the word.</summary>
    public void AddVerbatim(char ch)
    {
        current.Append(ch);
        inWord = true;
    }

    /// <summary>The content of a quoted string: always part of the word, even when empty.</summary>
    public void AddQuoted(string text)
    {
        current.Append(text);
        inWord = true;
    }

    public IReadOnlyList<string> Finish()
    {
        if (current.Length > 0) EndWord();
        return words;
    }

    private void EndWord()
    {
        words.Add(current.ToString());
        current.Clear();
        inWord = false;
    }
}
