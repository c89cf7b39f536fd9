using ImagePin.Editing;
using ImagePin.Policy;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Pinning;

/// <summary>
/// For every reference the policy says to pin, takes the edit site its source computed: a digest inserted at the
/// end of the literal reference, or the reason it cannot be written. A definition that also supplies a suppressed
/// reference is left alone, since a digest there would pin that one too. One planner may take files from several
/// threads at once (pin plans each file as it is scanned).
/// </summary>
internal sealed class PinPlanner
{
    // Thousands of files name the same few images: every target shares one copy of each text and key.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ImageKey, ImageKey> _keys = new();

    public static (List<PinTarget> Targets, List<PinFailure> Failures) Plan(IReadOnlyList<ScannedFile> files) => new PinPlanner().PlanFiles(files);

    public (List<PinTarget> Targets, List<PinFailure> Failures) PlanFiles(IEnumerable<ScannedFile> files)
    {
        var targets = new List<PinTarget>();
        var failures = new List<PinFailure>();
        string Text(string text) => _texts.GetOrAdd(text, text);
        ImageKey Key(ImageKey key) => _keys.GetOrAdd(key, key);
        foreach (var file in files)
        {
            if (file.Document is not { } document) continue;
            var suppressed = SharedDefinitions.WithSuppressedUsers(file.References.Select(r => r.Occurrence));
            foreach (var judged in file.References)
            {
                if (NotAllowed(judged) is { } refused)
                {
                    failures.Add(refused);
                    continue;
                }
                if (!judged.Actions.HasFlag(ReferenceActions.Pin) || judged.Reference is not { } reference) continue;
                var f = judged.Finding;
                void Fail(string reason) => failures.Add(new PinFailure(f.File, f.Line, f.Column, reference.FullyQualified, reason, PinFailureKind.NotPinnable));
                switch (judged.Occurrence.Edit)
                {
                    case EditSite.NotRewritable no:
                        Fail(no.Reason);
                        break;
                    case EditSite.Literal { Definition: { } d } when suppressed.TryGetValue(d, out var line):
                        Fail(SharedDefinitions.SuppressedUserReason(d, line));
                        break;
                    case EditSite.Literal literal:
                        var o = judged.Occurrence;
                        var (shown, after) = Shown(o, literal);
                        targets.Add(new PinTarget(document, f.File, f.Line, f.Column, judged.Index, Text(o.Expanded ?? ""), Text(reference.FullyQualified), Key(ImageKey.ToPin(reference)),
                            literal.End, reference.Tag is null, Text(shown), Math.Max(0, shown.Length - after))
                        {
                            DefinedAt = literal.Definition?.Location, IndexOnly = o.IndexOnly, WrittenPlatform = o.Platform,
                        });
                        break;
                }
            }
        }
        return (targets, failures);
    }

    /// <summary>A reference pin would pin but whose registry the settings do not allow: reported, nothing asked of the registry.</summary>
    private static PinFailure? NotAllowed(JudgedReference judged)
    {
        var f = judged.Finding;
        if (f.Rule != Rules.RegistryNotAllowed || judged.Reference is not { } reference
            || f.Status is not (Classification.ReferenceStatus.Tag or Classification.ReferenceStatus.Latest or Classification.ReferenceStatus.Untagged)) return null;
        return new PinFailure(f.File, f.Line, f.Column, reference.FullyQualified, $"not pinned: {f.Message}", PinFailureKind.NotPinnable);
    }

    /// <summary>What the report shows (the reference as written, or the definition that supplies it) and how many of its characters follow the insertion (a closing quote).</summary>
    private static (string Text, int CharactersAfter) Shown(ImageOccurrence o, EditSite.Literal literal)
    {
        if (literal.Definition is not { } d) return (o.Text, o.Location.End - literal.End);
        return (d.ShownPrefix + d.Text, d.Location.End - literal.End);
    }
}
