using System.Text;

namespace ImagePin.Audit.Packages;

/// <summary>Bounds shared by the package-database parsers, and the lenient decoding they all use.</summary>
internal static class TextLimits
{
    /// <summary>Largest database accepted; Ubuntu's full status files are a few MiB.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Most packages one database may list.</summary>
    public const int MaxPackages = 200_000;

    /// <summary>UTF-8 with replacement characters: a stray byte must not cost the whole database.</summary>
    public static string Decode(ReadOnlySpan<byte> content, string what)
    {
        if (content.Length > MaxBytes)
            throw new PackageDatabaseException($"{what} is {content.Length} bytes, over the {MaxBytes}-byte limit");
        if (content.StartsWith("\uFEFF"u8)) content = content[3..];
        return Encoding.UTF8.GetString(content);
    }

    public static void CheckText(string text, string what)
    {
        if (text.Length > MaxBytes)
            throw new PackageDatabaseException($"{what} is {text.Length} characters, over the {MaxBytes} limit");
    }

    public static void CheckCount(int count, string what)
    {
        if (count > MaxPackages)
            throw new PackageDatabaseException($"{what} lists more than {MaxPackages} packages");
    }
}
