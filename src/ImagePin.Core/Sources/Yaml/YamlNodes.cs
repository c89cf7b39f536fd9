namespace ImagePin.Sources.Yaml;

/// <summary>How a scalar is written.</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// <summary>A literal block scalar (<c>|</c>).</summary>
    Literal,
    /// <summary>A folded block scalar (<c>&gt;</c>).</summary>
    Folded,
}

/// <summary>
/// A node of a located YAML tree. <see cref="Span"/> covers the node as written, its anchor and tag included;
/// offsets are UTF-16 offsets into the original text, lines and columns 1-based.
/// </summary>
internal abstract class YamlNode
{
    private protected YamlNode(TextLocation span, string? anchor, string? tag)
    {
        Span = span;
        Anchor = anchor;
        Tag = tag;
    }

    public TextLocation Span { get; internal set; }

    /// <summary>The anchor name (<c>&amp;name</c>) without the ampersand, or null.</summary>
    public string? Anchor { get; }

    /// <summary>The tag as YamlDotNet resolves it (<c>!reference</c>, <c>tag:yaml.org,2002:str</c>), or null.</summary>
    public string? Tag { get; }

    /// <summary>The node the text really lives in: the anchored node for an alias, this node otherwise.</summary>
    public YamlNode Resolved => this is YamlAlias alias ? alias.Target : this;
}

/// <summary>A scalar with its decoded value and, where the value is written character for character, where.</summary>
internal sealed class YamlScalar : YamlNode
{
    internal YamlScalar(TextLocation span, string? anchor, string? tag, YamlScalarStyle style, string value, TextLocation contentSpan)
        : base(span, anchor, tag)
    {
        Style = style;
        Value = value;
        ContentSpan = contentSpan;
    }

    public YamlScalarStyle Style { get; }

    /// <summary>The decoded value (for a Helm-templated scalar: the original characters, templates included).</summary>
    public string Value { get; internal set; }

    /// <summary>The scalar token without anchor and tag: quotes and block indicators included.</summary>
    public TextLocation ContentSpan { get; }

    /// <summary>
    /// Where <see cref="Value"/> stands character for character in the text (inside the quotes of a quoted scalar);
    /// null when the value is not written literally (<see cref="NotLiteralReason"/> says why).
    /// </summary>
    public TextLocation? LiteralSpan { get; internal set; }

    /// <summary>Why <see cref="LiteralSpan"/> is null; null when the value is literal.</summary>
    public string? NotLiteralReason { get; internal set; }

    /// <summary>The scalar contains a Helm/Go template (<c>{{ … }}</c>) that was masked to parse the file.</summary>
    public bool HelmTemplated { get; internal set; }

    /// <summary>A plain, untagged empty value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => Style == YamlScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A key and its value in a mapping, as written (aliases unresolved).</summary>
internal readonly record struct YamlEntry(YamlNode Key, YamlNode Value)
{
    /// <summary>The key's text when the key is a scalar (through an alias too), else null.</summary>
    public string? KeyText => Key.Resolved is YamlScalar scalar ? scalar.Value : null;

    /// <summary>A YAML merge key (<c>&lt;&lt;</c>, plain and untagged or tagged <c>!!merge</c>).</summary>
    public bool IsMerge => Key is YamlScalar { Value: "<<" } key
        && (key.Tag is null ? key.Style == YamlScalarStyle.Plain : key.Tag == "tag:yaml.org,2002:merge");
}

/// <summary>A mapping; entries in document order, duplicates and merge keys included.</summary>
internal sealed class YamlMapping : YamlNode
{
    internal YamlMapping(TextLocation span, string? anchor, string? tag, bool isFlow) : base(span, anchor, tag) => IsFlow = isFlow;

    public bool IsFlow { get; }

    public IReadOnlyList<YamlEntry> Entries => EntryList;

    internal List<YamlEntry> EntryList { get; } = [];
}

/// <summary>A sequence; items in document order (aliases unresolved).</summary>
internal sealed class YamlSequence : YamlNode
{
    internal YamlSequence(TextLocation span, string? anchor, string? tag, bool isFlow) : base(span, anchor, tag) => IsFlow = isFlow;

    public bool IsFlow { get; }

    public IReadOnlyList<YamlNode> Items => ItemList;

    internal List<YamlNode> ItemList { get; } = [];
}

/// <summary>An alias (<c>*name</c>): a reference to the anchored node, never a copy.</summary>
internal sealed class YamlAlias : YamlNode
{
    internal YamlAlias(TextLocation span, string name, YamlNode target) : base(span, null, null)
    {
        Name = name;
        Target = target;
    }

    public string Name { get; }

    /// <summary>The anchored node (never an alias itself).</summary>
    public YamlNode Target { get; }
}
