using System.CommandLine;
using System.CommandLine.Parsing;

namespace ImagePin.Cli;

/// <summary>
/// The one usage error to report for a command line, with a suggestion when a name is a near miss. Besides the
/// parser's own errors it catches what the parser takes for a path or an image: a word starting with '-' in an
/// argument position is an unknown option (a lone '-' is standard input; words after '--' are always arguments).
/// </summary>
internal static class UsageErrors
{
    public static string? First(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var unknown = parse.UnmatchedTokens.FirstOrDefault();
        if (unknown is not null) return Unknown(command, unknown);
        var afterDoubleDash = false;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) { afterDoubleDash = true; continue; }
            if (afterDoubleDash || token.Type != TokenType.Argument || !IsArgumentValue(parse, token)) continue;
            if (token.Value.Length > 1 && token.Value[0] == '-') return Unknown(command, token.Value);
        }
        // The parser's own messages (a missing value, a bad format) are clear; report the first.
        return parse.Errors.Count > 0 ? parse.Errors[0].Message : null;
    }

    /// <summary>Whether the token was taken as a value of the command's arguments (paths, images), not of an option.</summary>
    private static bool IsArgumentValue(ParseResult parse, Token token) =>
        parse.CommandResult.Children.OfType<ArgumentResult>().Any(a => a.Tokens.Contains(token));

    private static string Unknown(Command command, string word)
    {
        var name = CommandName(command);
        if (word.StartsWith('-'))
        {
            var options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
                .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
            return $"unknown option '{word}' for '{name}'{Suggestion(word.Split('=')[0], options)}";
        }
        var subcommands = command.Subcommands.Select(c => c.Name).ToList();
        return subcommands.Count > 0
            ? $"unknown command '{word}'{Suggestion(word, subcommands)}; commands: {string.Join(", ", subcommands)}"
            : $"unexpected argument '{word}' for '{name}'";
    }

    private static string CommandName(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c is RootCommand ? "imagepin" : c.Name);
        return string.Join(' ', names);
    }

    /// <summary>" (did you mean 'x'?)" for the closest name within a few edits, else "".</summary>
    private static string Suggestion(string word, IEnumerable<string> names)
    {
        var best = names.Distinct().Select(n => (Name: n, Distance: Distance(word, n))).OrderBy(p => p.Distance).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, word.Length / 3) ? $" (did you mean '{best.Name}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
