using ImagePin.Editing;
using ImagePin.Policy;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Updating;

/// <summary>
/// update: for every pin the policy says to update, asks the planner whether the tag moved (each distinct pin once,
/// concurrently) and replaces exactly the old digest's characters, where the source says the reference is written.
/// </summary>
internal sealed class UpdateRunner(UpdatePlanner planner, IProgress<(int Done, int Total)>? progress = null)
{
    public async Task<UpdateResult> RunAsync(IReadOnlyList<ScannedFile> files, bool dryRun, CancellationToken ct)
    {
        var pins = new List<(ScannedFile File, JudgedReference Judged, ImageKey Key)>();
        var notices = new List<UpdateNotice>();
        foreach (var file in files)
            foreach (var judged in file.References)
            {
                // A pin from a registry the settings do not allow is not followed: nothing is asked of that registry.
                if (judged.Finding is { Rule: { } rule, Status: Classification.ReferenceStatus.Pinned } f && rule == Rules.RegistryNotAllowed
                    && judged.Reference is { Tag: not null, Digest: not null } refused)
                    notices.Add(new UpdateNotice(f.File, f.Line, f.Column, refused.FullyQualified, $"{refused.Name}:{refused.Tag}",
                        $"not followed: {f.Message}", UpdateOutcomeKind.Held));
                // Suppressed references are not pinned (status ignored) and so never touched.
                if (judged.Actions.HasFlag(ReferenceActions.Update) && judged.Reference is { Tag: not null, Digest: not null } reference)
                    pins.Add((file, judged, ImageKey.Pinned(reference)));
            }

        var decisions = new Dictionary<ImageKey, Task<UpdateDecision>>();
        foreach (var pin in pins)
            if (!decisions.ContainsKey(pin.Key)) decisions[pin.Key] = planner.DecideAsync(pin.Key, ct);
        await ProgressTracking.WhenAll(decisions.Values, progress).ConfigureAwait(false);

        var changes = new List<UpdateChange>();
        var diffs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var filesChanged = 0;
        foreach (var group in pins.GroupBy(p => p.File))
        {
            var document = group.Key.Document!;
            var suppressed = SharedDefinitions.WithSuppressedUsers(group.Key.References.Select(r => r.Occurrence));
            var edits = new Dictionary<int, TextEdit>();
            var expected = new List<ExpectedReference>();
            var fileChanges = new List<UpdateChange>();
            string? text = null, unreadable = null;
            foreach (var (_, judged, key) in group)
            {
                var f = judged.Finding;
                var oldDigest = key.Digest!;
                var decision = await decisions[key].ConfigureAwait(false);
                UpdateNotice Notice(string message, UpdateOutcomeKind kind) => new(f.File, f.Line, f.Column, judged.Reference!.FullyQualified, $"{judged.Reference.Name}:{key.Tag}", message, kind);
                switch (decision)
                {
                    case UpdateDecision.UpToDate:
                        break;
                    case UpdateDecision.Update u:
                        // The text is read again only for a file with something to update (a large tree is not held).
                        if (unreadable is null) text ??= document.LoadText(out unreadable);
                        if (text is null)
                        {
                            notices.Add(Notice(unreadable!, UpdateOutcomeKind.NotRewritable));
                            break;
                        }
                        if (DigestRange(text, judged.Occurrence.Edit, oldDigest) is not { } offset)
                        {
                            var reason = judged.Occurrence.Edit is EditSite.NotRewritable no ? no.Reason
                                : $"the digest {oldDigest} is not written at this place; update it where it is defined";
                            notices.Add(Notice(reason, UpdateOutcomeKind.NotRewritable));
                            break;
                        }
                        if (judged.Occurrence.Edit is EditSite.Literal { Definition: { } d } && suppressed.TryGetValue(d, out var line))
                        {
                            notices.Add(Notice(SharedDefinitions.SuppressedUserReason(d, line), UpdateOutcomeKind.NotRewritable));
                            break;
                        }
                        edits.TryAdd(offset, new TextEdit(offset, oldDigest.Length, u.NewDigest));
                        var before = judged.Occurrence.Expanded!;
                        expected.Add(new ExpectedReference(judged.Index, before[..^oldDigest.Length] + u.NewDigest));
                        fileChanges.Add(new UpdateChange(f.File, f.Line, f.Column, judged.Reference!.Name, key.Tag!, oldDigest, u.NewDigest, u.OldCreated, u.NewCreated, u.ChangedPlatforms, u.Note));
                        break;
                    case UpdateDecision.Failed failed:
                        notices.Add(Notice(failed.Describe(oldDigest), failed.NotFound ? UpdateOutcomeKind.NotFound : UpdateOutcomeKind.RegistryFailure));
                        break;
                    case UpdateDecision.PlatformGone:
                        notices.Add(Notice(decision.Describe(oldDigest), UpdateOutcomeKind.NotRewritable));
                        break;
                    default:
                        notices.Add(Notice(decision.Describe(oldDigest), UpdateOutcomeKind.Held));
                        break;
                }
            }
            if (edits.Count == 0) continue;

            if (FileRewrite.Apply(document, edits.Values, expected, dryRun, out var diff) is { } notWritten)
            {
                notices.AddRange(fileChanges.Select(c => new UpdateNotice(c.File, c.Line, c.Column, c.Image, $"{c.Name}:{c.Tag}", notWritten, UpdateOutcomeKind.NotRewritable)));
                continue;
            }
            if (diff is not null) diffs[document.File.DisplayPath] = diff;
            filesChanged++;
            changes.AddRange(fileChanges);
        }
        return new UpdateResult(changes, notices, diffs, pins.Count, filesChanged);
    }

    /// <summary>Where the old digest is written: at the end of the literal reference (after its '@').</summary>
    private static int? DigestRange(string text, EditSite site, string digest)
    {
        if (site is not EditSite.Literal literal || literal.Length < digest.Length) return null;
        var at = literal.End - digest.Length;
        return string.CompareOrdinal(text, at, digest, 0, digest.Length) == 0 && at > 0 && text[at - 1] == '@' ? at : null;
    }
}
