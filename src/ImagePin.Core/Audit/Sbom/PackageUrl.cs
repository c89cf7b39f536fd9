using System.Text;

namespace ImagePin.Audit.Sbom;

/// <summary>
/// A package URL (<c>pkg:type/namespace/name@version?qualifiers#subpath</c>), split and
/// percent-decoded as the purl specification parses it: from the right, so a version may hold
/// an unencoded ':' (epochs) and names never swallow qualifiers.
/// </summary>
internal sealed record PackageUrl(string Type, string? Namespace, string Name, string? Version, IReadOnlyDictionary<string, string> Qualifiers)
{
    public const int MaxLength = 8192;

    public static PackageUrl? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = text[4..];
        var hash = rest.IndexOf('#');
        if (hash >= 0) rest = rest[..hash];
        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals > 0) qualifiers[pair[..equals].ToLowerInvariant()] = Decode(pair[(equals + 1)..]);
            }
            rest = rest[..question];
        }
        rest = rest.Trim('/');
        var slash = rest.IndexOf('/');
        if (slash <= 0) return null;
        var type = rest[..slash].ToLowerInvariant();
        rest = rest[(slash + 1)..].TrimEnd('/');
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Decode(rest[(at + 1)..]);
            rest = rest[..at];
        }
        var nameStart = rest.LastIndexOf('/');
        var name = Decode(rest[(nameStart + 1)..]);
        var ns = nameStart < 0 ? null : string.Join('/', rest[..nameStart].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode));
        return name.Length == 0 ? null : new PackageUrl(type, string.IsNullOrEmpty(ns) ? null : ns, name, string.IsNullOrEmpty(version) ? null : version, qualifiers);
    }

    public string? Qualifier(string key) => Qualifiers.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    // Lenient: a malformed escape stays as written instead of failing the whole SBOM.
    private static string Decode(string text)
    {
        if (!text.Contains('%')) return text;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
