namespace ImagePin.Sources.Dockerfiles;

/// <summary>
/// Finds the <c>from=</c> field of a <c>--mount</c> flag value (comma-separated fields, each optionally
/// double-quoted, as BuildKit reads them) and returns where its value sits inside the flag value.
/// </summary>
internal static class MountFromOption
{
    public static (int Start, int Length)? Find(string mountValue)
    {
        var i = 0;
        while (i <= mountValue.Length)
        {
            var fieldStart = i;
            var inQuotes = false;
            while (i < mountValue.Length && (inQuotes || mountValue[i] != ','))
            {
                if (mountValue[i] == '"') inQuotes = !inQuotes;
                i++;
            }
            var field = mountValue.AsSpan(fieldStart, i - fieldStart);
            var eq = field.IndexOf('=');
            if (eq > 0 && field[..eq].Trim().Equals("from", StringComparison.OrdinalIgnoreCase))
            {
                var valueStart = fieldStart + eq + 1;
                var valueLength = i - valueStart;
                // A quoted value names the text inside the quotes.
                if (valueLength >= 2 && mountValue[valueStart] == '"' && mountValue[valueStart + valueLength - 1] == '"')
                    return (valueStart + 1, valueLength - 2);
                return (valueStart, valueLength);
            }
            i++;
        }
        return null;
    }
}
