namespace ImagePin.Sources;

/// <summary>
/// An <c>imagepin:</c> directive in a comment, as every source reads it: <c># imagepin:ignore [reason]</c>
/// suppresses the reference on the next line. Case and spaces around the colon do not matter
/// (<c># IMAGEPIN: ignore</c>); a directive imagepin does not know is reported, so a typo never silently
/// suppresses nothing.
/// </summary>
internal readonly record struct Directive(string Name, string Argument)
{
    public const string Ignore = "ignore";

    public bool IsIgnore => Name == Ignore;

    /// <summary>The directive in a comment's text (without the comment marker), or null when the comment is not one.</summary>
    public static Directive? Parse(ReadOnlySpan<char> comment)
    {
        var text = comment.Trim();
        if (!text.StartsWith("imagepin", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = text["imagepin".Length..].TrimStart();
        if (rest.IsEmpty || rest[0] != ':') return null;
        rest = rest[1..].TrimStart();
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end])) end++;
        return new Directive(rest[..end].ToString().ToLowerInvariant(), rest[end..].Trim().ToString());
    }

    /// <summary>The warning for a directive imagepin does not know.</summary>
    public string Unknown() =>
        Name.Length == 0 ? "'imagepin:' comment without a directive; write '# imagepin:ignore [reason]' on the line before the reference"
        : Name.StartsWith(Ignore, StringComparison.Ordinal) ? $"unknown directive 'imagepin:{Name}'; write '# imagepin:ignore [reason]' on the line just before the reference"
        : $"unknown directive 'imagepin:{Name}' (imagepin knows 'imagepin:ignore [reason]'); this comment does nothing";
}
