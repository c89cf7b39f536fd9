using System.Text;
using System.Text.Unicode;

namespace ImagePin.Sources;

/// <summary>
/// Turns file bytes into text and back without losing a byte. Valid UTF-8 decodes normally; each
/// byte of an invalid sequence becomes the lone surrogate U+DC80..U+DCFF ("surrogate escape"),
/// which no valid UTF-8 input can produce, so <see cref="Encode"/> restores it exactly while the
/// readable parts of a damaged file stay readable.
/// </summary>
internal static class SourceDecoder
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];
    private const char EscapedByteBase = '\uDC00';

    public static (string Text, bool HasBom) Decode(ReadOnlySpan<byte> bytes)
    {
        var hasBom = bytes.StartsWith(Bom);
        if (hasBom) bytes = bytes[Bom.Length..];
        if (Utf8.IsValid(bytes)) return (Encoding.UTF8.GetString(bytes), hasBom);
        return (DecodeWithEscapes(bytes), hasBom);
    }

    public static byte[] Encode(string text, bool hasBom)
    {
        var body = HasEscapedBytes(text) ? EncodeWithEscapes(text) : Encoding.UTF8.GetBytes(text);
        if (!hasBom) return body;
        var result = new byte[Bom.Length + body.Length];
        Bom.CopyTo(result);
        body.CopyTo(result, Bom.Length);
        return result;
    }

    private static string DecodeWithEscapes(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                builder.Append(pair[..rune.EncodeToUtf16(pair)]);
                bytes = bytes[consumed..];
            }
            else
            {
                builder.Append((char)(EscapedByteBase + bytes[0]));
                bytes = bytes[1..];
            }
        }
        return builder.ToString();
    }

    private static bool HasEscapedBytes(string text)
    {
        foreach (var c in text)
            if (char.IsSurrogate(c)) return true;
        return false;
    }

    private static byte[] EncodeWithEscapes(string text)
    {
        var output = new List<byte>(text.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var length = new Rune(c, text[i + 1]).EncodeToUtf8(buffer);
                for (var k = 0; k < length; k++) output.Add(buffer[k]);
                i++;
            }
            else if (c >= '\uDC80' && c <= '\uDCFF')
                output.Add((byte)(c - EscapedByteBase));
            else
            {
                var rune = char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c);
                var length = rune.EncodeToUtf8(buffer);
                for (var k = 0; k < length; k++) output.Add(buffer[k]);
            }
        }
        return [.. output];
    }
}
