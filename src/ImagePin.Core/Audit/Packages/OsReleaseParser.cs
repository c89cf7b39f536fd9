using System.Text;

namespace ImagePin.Audit.Packages;

/// <summary>
/// Reads <c>etc/os-release</c> or <c>usr/lib/os-release</c>: <c>KEY=value</c> lines with shell-like
/// quoting. Lines that are not assignments are ignored, as systemd does.
/// </summary>
internal static class OsReleaseParser
{
    /// <summary>os-release files are a few hundred bytes; anything far larger is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    public static OsRelease Parse(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxBytes)
            throw new PackageDatabaseException($"os-release is {content.Length} bytes, over the {MaxBytes}-byte limit");
        return Parse(TextLimits.Decode(content, "os-release"));
    }

    public static OsRelease Parse(string text)
    {
        if (text.Length > MaxBytes)
            throw new PackageDatabaseException($"os-release is {text.Length} characters, over the {MaxBytes} limit");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in Stanzas.Lines(text))
        {
            var line = rawLine.Trim();
            var equals = line.IndexOf('=');
            if (line.Length == 0 || line[0] == '#' || equals <= 0) continue;
            values[line[..equals].Trim()] = Unquote(line.AsSpan(equals + 1).Trim());
        }
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        return new OsRelease(
            Get("ID")?.ToLowerInvariant(),
            Get("VERSION_ID"),
            Get("VERSION_CODENAME"),
            (Get("ID_LIKE") ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Get("VERSION"),
            Get("PRETTY_NAME"));
    }

    // Double quotes allow the backslash escapes \" \\ \$ \`; single quotes are literal; an unquoted
    // value runs to the end of the line. An unterminated quote keeps what follows it.
    private static string Unquote(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || (value[0] != '"' && value[0] != '\'')) return value.ToString();
        var quote = value[0];
        var result = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == quote) break;
            if (quote == '"' && c == '\\' && i + 1 < value.Length && value[i + 1] is '"' or '\\' or '$' or '`')
                c = value[++i];
            result.Append(c);
        }
        return result.ToString();
    }
}
