using System.Text;

namespace ImagePin.Editing;

/// <summary>A file's text plus whether it began with a UTF-8 byte order mark, so writing it back keeps the bytes it had.</summary>
internal sealed record Utf8Content(string Text, bool HasByteOrderMark)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="InvalidDataException">The bytes are not valid UTF-8; decoding would lose them on write-back.</exception>
    public static Utf8Content Decode(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var preamble = Encoding.UTF8.Preamble;
        var hasBom = bytes.AsSpan().StartsWith(preamble);
        try
        {
            return new Utf8Content(StrictUtf8.GetString(bytes.AsSpan(hasBom ? preamble.Length : 0)), hasBom);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{sourceName}: not valid UTF-8 (byte offset {e.Index + (hasBom ? preamble.Length : 0)}); left unchanged", e);
        }
    }

    public byte[] Encode(string text)
    {
        var body = StrictUtf8.GetBytes(text);
        return HasByteOrderMark ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }
}
