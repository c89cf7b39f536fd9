namespace ImagePin.Registry.Oci;

/// <summary>An OCI platform (os/architecture[/variant]). Equality is on the normalised form, as containerd matches.</summary>
internal sealed record Platform
{
    public Platform(string os, string architecture, string? variant)
    {
        (Os, Architecture, Variant) = Normalise(os, architecture, variant);
    }

    public string Os { get; }
    public string Architecture { get; }
    public string? Variant { get; }

    public static bool TryParse(string? text, out Platform? platform, out string? error)
    {
        platform = null;
        error = null;
        var parts = (text ?? "").Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            error = $"platform '{text}' is not os/arch or os/arch/variant (e.g. linux/amd64, linux/arm64/v8)";
            return false;
        }
        var bad = parts.FirstOrDefault(p => p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')));
        if (bad is not null)
        {
            error = $"platform '{text}': '{bad}' may only hold letters, digits, '.', '_' and '-'";
            return false;
        }
        platform = new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    /// <summary>A comma-separated list (<c>linux/amd64,linux/arm64</c>); the error names the bad item.</summary>
    public static bool TryParseList(string text, out IReadOnlyList<Platform> platforms, out string? error)
    {
        var list = new List<Platform>();
        platforms = list;
        error = null;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(item, out var platform, out var itemError))
            {
                error = $"'{item}': {itemError}";
                return false;
            }
            list.Add(platform!);
        }
        return true;
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    // containerd's platforms.Normalize, with the default variants written out so that
    // "linux/arm64" and "linux/arm64/v8" compare equal.
    private static (string, string, string?) Normalise(string os, string architecture, string? variant)
    {
        os = os.ToLowerInvariant();
        if (os == "macos") os = "darwin";
        var arch = architecture.ToLowerInvariant();
        var v = string.IsNullOrEmpty(variant) ? null : variant.ToLowerInvariant();
        switch (arch)
        {
            case "i386":
                arch = "386";
                v = null;
                break;
            case "x86_64" or "x86-64" or "amd64":
                arch = "amd64";
                if (v == "v1") v = null;
                break;
            case "aarch64" or "arm64":
                arch = "arm64";
                v = v switch { null or "8" or "v8" or "v8.0" => "v8", "9" or "9.0" or "v9.0" => "v9", _ => v };
                break;
            case "armhf":
                arch = "arm";
                v = "v7";
                break;
            case "armel":
                arch = "arm";
                v = "v6";
                break;
            case "arm":
                v = v switch { null or "7" => "v7", "5" or "6" or "8" => "v" + v, _ => v };
                break;
        }
        return (os, arch, v);
    }
}
