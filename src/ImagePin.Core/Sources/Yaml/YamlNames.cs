namespace ImagePin.Sources.Yaml;

/// <summary>Small text helpers the YAML sources share.</summary>
internal static class YamlNames
{
    public static bool HasYamlExtension(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name of a '/'-separated path.</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The trimmed insides of every <paramref name="open"/>…<paramref name="close"/> in the text, once each (the whole text when there is none).</summary>
    public static IReadOnlyList<string> Templates(string text, string open, string close)
    {
        var names = new List<string>();
        var i = text.IndexOf(open, StringComparison.Ordinal);
        while (i >= 0)
        {
            var end = text.IndexOf(close, i + open.Length, StringComparison.Ordinal);
            if (end < 0) break;
            var inner = text[(i + open.Length)..end].Trim().Trim('-').Trim();
            if (inner.Length > 0 && !names.Contains(inner)) names.Add(inner);
            i = text.IndexOf(open, end + close.Length, StringComparison.Ordinal);
        }
        return names.Count > 0 ? names : [text];
    }
}
