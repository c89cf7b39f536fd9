using System.Text;

namespace ImagePin.Sources.Dockerfiles.Shell;

/// <summary>
/// Code-point helpers over UTF-16 text: BuildKit's lexer and Go's regexp work on runes, so a
/// surrogate pair must count as one character wherever counting matters.
/// </summary>
internal static class Utf16Runes
{
    /// <summary>Number of UTF-16 units of the code point starting at <paramref name="index"/> (1 for a lone surrogate).</summary>
    public static int WidthAt(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;

    /// <summary>Number of UTF-16 units of the code point ending just before <paramref name="end"/>.</summary>
    public static int WidthBefore(string text, int end) =>
        end >= 2 && char.IsLowSurrogate(text[end - 1]) && char.IsHighSurrogate(text[end - 2]) ? 2 : 1;

    /// <summary>Reverses the code points of <paramref name="text"/>, keeping each surrogate pair in order.</summary>
    public static string Reverse(string text)
    {
        if (text.Length < 2) return text;
        return string.Create(text.Length, text, static (output, source) =>
        {
            var write = output.Length;
            for (var read = 0; read < source.Length;)
            {
                var width = WidthAt(source, read);
                write -= width;
                source.AsSpan(read, width).CopyTo(output[write..]);
                read += width;
            }
        });
    }

    /// <summary>Go's <c>unicode.IsLetter</c> for the code point at <paramref name="index"/>.</summary>
    public static bool IsLetterAt(string text, int index) => RuneAt(text, index) is { } rune && Rune.IsLetter(rune);

    /// <summary>Go's <c>unicode.IsDigit</c> (any decimal digit, not only ASCII) for the code point at <paramref name="index"/>.</summary>
    public static bool IsDigitAt(string text, int index) => RuneAt(text, index) is { } rune && Rune.IsDigit(rune);

    private static Rune? RuneAt(string text, int index) =>
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : null;
}
