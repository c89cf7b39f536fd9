using System.Text;

namespace ImagePin.Sources.Yaml;

/// <summary>The outcome of interpolating one Compose value.</summary>
/// <param name="Value">The interpolated value; null when a variable it needs has no value or the syntax is wrong.</param>
/// <param name="Unresolved">Variables that were needed and had no value (no default applied), in order, once each.</param>
/// <param name="HasInterpolation">The text holds <c>$</c> syntax (<c>$VAR</c>, <c>${…}</c>, <c>$$</c>), so the value is not the text as written.</param>
/// <param name="Errors">Messages of <c>${VAR:?message}</c> / <c>${VAR?message}</c> that fired, and syntax errors.</param>
internal sealed record InterpolationResult(string? Value, IReadOnlyList<string> Unresolved, bool HasInterpolation, IReadOnlyList<string> Errors);

/// <summary>
/// Compose's interpolation (compose-spec "Interpolation"): <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>,
/// <c>${VAR-default}</c>, <c>${VAR:?err}</c>, <c>${VAR?err}</c>, <c>${VAR:+alt}</c>, <c>${VAR+alt}</c>, <c>$$</c> for a
/// literal <c>$</c>, and nested operands (<c>${A:-${B:-x}}</c>, <c>${A?$B}</c>). A <c>$</c> followed by anything else is
/// kept as it is. Operands are evaluated only when used, as Compose does. Nesting is bounded.
/// </summary>
internal static class ComposeInterpolation
{
    public const int MaxNesting = 32;

    /// <summary>Whether <paramref name="text"/> holds any interpolation syntax.</summary>
    public static bool HasInterpolation(string text) => Resolve(text, _ => null).HasInterpolation;

    /// <summary>Every variable the text names, in defaults and alternatives too, in order, once each.</summary>
    public static IReadOnlyList<string> VariableNames(string text)
    {
        var names = new List<string>();
        new Evaluator(name => { if (!names.Contains(name)) names.Add(name); return null; }, evaluateAll: true).Run(text, 0);
        return names;
    }

    /// <param name="lookup">A variable's value, or null when it is not set (the caller merges <c>--env</c> and <c>.env</c>).</param>
    public static InterpolationResult Resolve(string text, Func<string, string?> lookup)
    {
        var evaluator = new Evaluator(lookup, evaluateAll: false);
        var value = evaluator.Run(text, 0);
        var ok = evaluator.Unresolved.Count == 0 && evaluator.Errors.Count == 0;
        return new InterpolationResult(ok ? value : null, evaluator.Unresolved, evaluator.Found, evaluator.Errors);
    }

    /// <summary>The interpolated text with unset variables (and failed <c>?</c> checks) as empty strings, as Compose substitutes them.</summary>
    public static string Substitute(string text, Func<string, string?> lookup) => new Evaluator(lookup, evaluateAll: false).Run(text, 0);

    private sealed class Evaluator(Func<string, string?> lookup, bool evaluateAll)
    {
        public List<string> Unresolved { get; } = [];

        public List<string> Errors { get; } = [];

        public bool Found { get; private set; }

        public string Run(string text, int depth)
        {
            if (!text.Contains('$', StringComparison.Ordinal)) return text;
            var result = new StringBuilder(text.Length);
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c != '$' || i + 1 >= text.Length)
                {
                    result.Append(c);
                    i++;
                    continue;
                }
                var next = text[i + 1];
                if (next == '$')
                {
                    Found = true;
                    result.Append('$');
                    i += 2;
                }
                else if (IsNameStart(next))
                {
                    Found = true;
                    var end = NameEnd(text, i + 1);
                    result.Append(Lookup(text[(i + 1)..end]) ?? "");
                    i = end;
                }
                else if (next == '{')
                {
                    Found = true;
                    i = Braced(text, i + 2, depth, result);
                }
                else
                {
                    result.Append(c);
                    i++;
                }
            }
            return result.ToString();
        }

        /// <summary>Evaluates <c>${…}</c> whose name starts at <paramref name="start"/>; returns the offset after the closing brace.</summary>
        private int Braced(string text, int start, int depth, StringBuilder result)
        {
            var close = MatchingBrace(text, start);
            var nameEnd = start < text.Length && IsNameStart(text[start]) ? NameEnd(text, start) : start;
            if (close < 0 || nameEnd == start)
            {
                Errors.Add($"invalid interpolation format for \"{text}\": a ${{ must be followed by a variable name and a closing }}");
                return close < 0 ? text.Length : close + 1;
            }
            var name = text[start..nameEnd];
            if (nameEnd == close)
            {
                result.Append(Lookup(name) ?? "");
                return close + 1;
            }
            var colon = text[nameEnd] == ':';
            var op = colon ? (nameEnd + 1 < close ? text[nameEnd + 1] : '\0') : text[nameEnd];
            var operandStart = nameEnd + (colon ? 2 : 1);
            if (op is not ('-' or '?' or '+') || operandStart > close)
            {
                Errors.Add($"invalid interpolation format for \"{text}\": unsupported modifier in ${{{text[start..close]}}}");
                return close + 1;
            }
            if (depth >= MaxNesting)
            {
                Errors.Add($"interpolation nested more than {MaxNesting} deep");
                return close + 1;
            }
            var operand = text[operandStart..close];
            var value = lookup(name);
            if (evaluateAll)
            {
                // Collecting names: every operand once (evaluating it twice per level would be exponential).
                Run(operand, depth + 1);
                return close + 1;
            }
            var usable = colon ? !string.IsNullOrEmpty(value) : value is not null;
            switch (op)
            {
                case '-':
                    result.Append(usable ? value : Run(operand, depth + 1));
                    break;
                case '+':
                    if (usable) result.Append(Run(operand, depth + 1));
                    break;
                default:
                    if (usable) result.Append(value);
                    else
                    {
                        Missing(name);
                        var message = new Evaluator(lookup, false).Run(operand, depth + 1);
                        Errors.Add(message.Length > 0 ? $"required variable {name} is missing a value: {message}" : $"required variable {name} is missing a value");
                    }
                    break;
            }
            return close + 1;
        }

        private string? Lookup(string name)
        {
            var value = lookup(name);
            if (value is null) Missing(name);
            return value;
        }

        private void Missing(string name)
        {
            if (!evaluateAll && !Unresolved.Contains(name)) Unresolved.Add(name);
        }

        /// <summary>The closing brace of a <c>${</c> whose content starts at <paramref name="start"/>, nested <c>${…}</c> skipped; -1 if none.</summary>
        private static int MatchingBrace(string text, int start)
        {
            var open = 0;
            for (var i = start; i < text.Length; i++)
            {
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] is '{' or '$')
                {
                    if (text[i + 1] == '{') open++;
                    i++;
                }
                else if (text[i] == '}' && open-- == 0) return i;
            }
            return -1;
        }

        private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

        private static int NameEnd(string text, int i)
        {
            while (i < text.Length && (text[i] == '_' || char.IsAsciiLetterOrDigit(text[i]))) i++;
            return i;
        }
    }
}
