namespace ImagePin.Sources.Dockerfiles;

/// <summary>
/// Decides, for each reference of a Dockerfile, where a digest can be written without changing what the file
/// means: in the reference itself, or in the ARG default that supplies the whole reference when every use of
/// that ARG is a whole image reference. Everything else gets the reason it cannot be rewritten.
/// </summary>
internal static class DockerfileEditSites
{
    /// <param name="usesOfDefault">How many times each ARG default is used where it is in scope, image references included.</param>
    public static IReadOnlyList<ImageOccurrence> Assign(IReadOnlyList<DockerfileImageCollector.Collected> collected,
        IReadOnlyDictionary<ArgDefault, int> usesOfDefault, IReadOnlyDictionary<string, string> buildArgs)
    {
        var wholeArgUses = new Dictionary<ArgDefault, int>();
        foreach (var c in collected)
            if (c.WholeArg is { } arg) wholeArgUses[arg] = wholeArgUses.GetValueOrDefault(arg) + 1;

        var result = new ImageOccurrence[collected.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var c = collected[i];
            result[i] = c.Occurrence.Expanded is null ? c.Occurrence : c.Occurrence with { Edit = Site(c, wholeArgUses, usesOfDefault, buildArgs) };
        }
        return result;
    }

    private static EditSite Site(DockerfileImageCollector.Collected c, Dictionary<ArgDefault, int> wholeArgUses,
        IReadOnlyDictionary<ArgDefault, int> usesOfDefault, IReadOnlyDictionary<string, string> buildArgs)
    {
        var o = c.Occurrence;
        var expanded = o.Expanded!;
        if (ClosingQuoteLength(o.Text, expanded) is { } quote)
            return new EditSite.Literal(o.Location.Start + quote, o.Location.Length - 2 * quote);
        if (c.WholeArg is { } arg)
        {
            if (buildArgs.ContainsKey(arg.Name))
                return new EditSite.NotRewritable($"its value comes from --build-arg {arg.Name}, not from the ARG default; not rewritten");
            var uses = usesOfDefault.GetValueOrDefault(arg);
            if (uses > wholeArgUses[arg])
                return new EditSite.NotRewritable($"ARG {arg.Name} is also used outside image references ({uses} uses, {wholeArgUses[arg]} as a whole image); a digest in its default would change those uses, so it is not rewritten");
            if (ClosingQuoteLength(arg.Default, expanded) is { } argQuote)
                return new EditSite.Literal(arg.Location.Start + argQuote, arg.Location.Length - 2 * argQuote,
                    new Definition($"ARG {arg.Name}", $"ARG {arg.Name}=", arg.Location, arg.Default));
            return new EditSite.NotRewritable($"the default of ARG {arg.Name} ('{arg.Default}') is itself composed from variables; pin it by hand");
        }
        if (c.WholeVariableWithoutDefault is { } name)
            return new EditSite.NotRewritable($"the value of {name} comes from --build-arg or ENV, not from an ARG default in this file; there is nowhere to write the digest");
        if (!o.Text.Contains('$'))
            return new EditSite.NotRewritable($"'{o.Text}' is written with quotes or escapes inside the reference; write it as one plain or fully quoted reference and run pin again");
        return new EditSite.NotRewritable($"'{o.Text}' is composed from variables; a digest written there would silently ignore --build-arg overrides, so it is not rewritten (make one ARG hold the whole reference)");
    }

    /// <summary>
    /// 0 when the text is the reference itself, 1 when it is the reference in quotes (the digest goes before the
    /// closing quote); null when the text uses variables or escapes. The source span ends at the text's last
    /// character, continuation lines inside the word included, so the position is exact either way.
    /// </summary>
    private static int? ClosingQuoteLength(string written, string expanded)
    {
        if (written == expanded && !written.Contains('$') && !written.Contains('\\') && !written.Contains('`')) return 0;
        if (written.Length >= 2 && (written[0] is '"' or '\'') && written[^1] == written[0] && written[1..^1] == expanded && !expanded.Contains('$'))
            return 1;
        return null;
    }
}
