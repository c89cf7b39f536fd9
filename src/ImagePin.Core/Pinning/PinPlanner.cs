using ImagePin.Findings;
using ImagePin.References;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Pinning;

/// <summary>
/// Decides, for every reference check calls tag / latest / untagged, where its digest can be written without
/// changing the meaning of the file: into the reference itself, or into the ARG default that supplies the
/// whole reference when every use of that ARG is a whole image reference. Everything else is reported.
/// </summary>
internal static class PinPlanner
{
    public static (List<PinTarget> Targets, List<PinFailure> Failures) Plan(IReadOnlyList<FileScanResult> files, IReadOnlyDictionary<string, string> buildArgs)
    {
        var targets = new List<PinTarget>();
        var failures = new List<PinFailure>();
        foreach (var file in files)
        {
            if (file.Text is null) continue;
            var wholeArgUses = file.Occurrences.Where(o => o.WholeArg is not null).GroupBy(o => o.WholeArg!).ToDictionary(g => g.Key, g => g.Count());
            var suppressedArgUsers = SuppressedArgUsers(file);
            for (var i = 0; i < file.Occurrences.Count; i++)
            {
                var finding = file.Findings[i];
                if (finding.Status is not (ReferenceStatus.Tag or ReferenceStatus.Latest or ReferenceStatus.Untagged)) continue;
                var o = file.Occurrences[i];
                if (!ImageReference.TryParseNormalized(o.Expanded!, out var reference, out _)) continue;
                var key = new ResolveKey(reference!.Registry, reference.Repository, reference.Tag ?? "latest");
                var addLatest = reference.Tag is null;
                var failure = (string reason) => failures.Add(new PinFailure(finding.File, finding.Line, finding.Column, reference.FullyQualified, reason, PinFailureKind.NotPinnable));

                if (ClosingQuoteLength(o.Text, o.Expanded!) is { } quote)
                {
                    targets.Add(new PinTarget(file, o, finding, reference, key, o.Location.Start + o.Location.Length - quote, addLatest, o.Text));
                }
                else if (o.WholeArg is { } arg)
                {
                    if (buildArgs.ContainsKey(arg.Name))
                        failure($"its value comes from --build-arg {arg.Name}, not from the ARG default; not rewritten");
                    else if (suppressedArgUsers.TryGetValue(arg, out var ignoredLine))
                        failure($"ARG {arg.Name} also supplies the reference on line {ignoredLine}, which '# imagepin:ignore' suppresses; a digest in its default would pin that one too, so it is not rewritten");
                    else if (arg.UsesInFile != wholeArgUses[arg])
                        failure($"ARG {arg.Name} is also used outside image references ({arg.UsesInFile} uses, {wholeArgUses[arg]} as a whole image); a digest in its default would change those uses, so it is not rewritten");
                    else if (ClosingQuoteLength(arg.Default, o.Expanded!) is { } argQuote)
                        targets.Add(new PinTarget(file, o, finding, reference, key, arg.Location.Start + arg.Location.Length - argQuote, addLatest, $"ARG {arg.Name}={arg.Default}"));
                    else
                        failure($"the default of ARG {arg.Name} ('{arg.Default}') is itself composed from variables; pin it by hand");
                }
                else if (o.WholeVariableWithoutDefault is { } name)
                {
                    failure($"the value of {name} comes from --build-arg or ENV, not from an ARG default in this file; there is nowhere to write the digest");
                }
                else if (!o.Text.Contains('$'))
                {
                    failure($"'{o.Text}' is written with quotes or escapes inside the reference; write it as one plain or fully quoted reference and run pin again");
                }
                else
                {
                    failure($"'{o.Text}' is composed from variables; a digest written there would silently ignore --build-arg overrides, so it is not rewritten (make one ARG hold the whole reference)");
                }
            }
        }
        return (targets, failures);
    }

    /// <summary>ARG defaults that also supply a suppressed reference, with that reference's line.</summary>
    internal static Dictionary<ArgDefault, int> SuppressedArgUsers(FileScanResult file)
    {
        var users = new Dictionary<ArgDefault, int>();
        foreach (var o in file.Occurrences)
            if (o.Suppression is not null && o.WholeArg is { } arg) users.TryAdd(arg, o.Location.Line);
        return users;
    }

    /// <summary>
    /// 0 when the text is the reference itself, 1 when it is the reference in quotes (the digest goes before the
    /// closing quote); null when the text uses variables or escapes. The source span ends at the text's last
    /// character, continuation lines inside the word included, so the insertion point is exact either way.
    /// </summary>
    private static int? ClosingQuoteLength(string written, string expanded)
    {
        if (written == expanded && !written.Contains('$') && !written.Contains('\\') && !written.Contains('`')) return 0;
        if (written.Length >= 2 && (written[0] is '"' or '\'') && written[^1] == written[0] && written[1..^1] == expanded && !expanded.Contains('$'))
            return 1;
        return null;
    }
}
