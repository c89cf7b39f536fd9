using ImagePin.Pinning;
using ImagePin.Editing;
using ImagePin.Findings;
using ImagePin.Freshness;
using ImagePin.References;
using ImagePin.Registry;
using ImagePin.Reporting;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Updating;

/// <summary>
/// update: for every <c>tag@digest</c> pin, asks the planner whether the tag moved (each distinct pin once,
/// concurrently) and replaces exactly the old digest's characters with the new one.
/// </summary>
internal sealed class UpdateRunner(UpdatePlanner planner, IReadOnlyCollection<Platform>? platforms, TimeSpan? minAge, IProgress<(int Done, int Total)>? progress = null)
{
    public async Task<UpdateResult> RunAsync(IReadOnlyList<FileScanResult> files, bool dryRun, ScanOptions scanOptions, CancellationToken ct)
    {
        var pins = new List<(FileScanResult File, ImageOccurrence Occurrence, Finding Finding, ImageReference Reference)>();
        foreach (var file in files)
            for (var i = 0; i < file.Findings.Count; i++)
            {
                var f = file.Findings[i];
                var o = file.Occurrences[i];
                // Suppressed references are not pinned (status ignored) and so never touched.
                if (f.Status != ReferenceStatus.Pinned || o.Expanded is null) continue;
                if (ImageReference.TryParseNormalized(o.Expanded, out var reference, out _) && reference!.Tag is not null && reference.Digest is not null)
                    pins.Add((file, o, f, reference));
            }

        var decisions = new Dictionary<UpdateRequest, Task<UpdateDecision>>();
        foreach (var pin in pins)
        {
            var request = RequestFor(pin.Reference);
            if (!decisions.ContainsKey(request)) decisions[request] = planner.DecideAsync(request, ct);
        }
        await ProgressTracking.WhenAll(decisions.Values, progress).ConfigureAwait(false);

        var changes = new List<UpdateChange>();
        var notices = new List<UpdateNotice>();
        var diffs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var filesChanged = 0;
        foreach (var group in pins.GroupBy(p => p.File))
        {
            var suppressedArgUsers = PinPlanner.SuppressedArgUsers(group.Key);
            var edits = new Dictionary<int, TextEdit>();
            var fileChanges = new List<UpdateChange>();
            foreach (var (file, o, f, r) in group)
            {
                var oldDigest = r.Digest!.Value.ToString();
                var decision = await decisions[RequestFor(r)].ConfigureAwait(false);
                UpdateNotice Notice(string message, UpdateOutcomeKind kind) => new(f.File, f.Line, f.Column, $"{r.Name}:{r.Tag}", message, kind);
                switch (decision)
                {
                    case UpdateDecision.UpToDate:
                        break;
                    case UpdateDecision.Update u:
                        if (DigestOffset(file, o, oldDigest) is not { } offset)
                        {
                            notices.Add(Notice($"the digest {oldDigest} is not written at this place (it comes from a variable); update it where it is defined", UpdateOutcomeKind.NotRewritable));
                            break;
                        }
                        if (!InOwnText(o, offset) && o.WholeArg is { } arg && suppressedArgUsers.TryGetValue(arg, out var ignoredLine))
                        {
                            notices.Add(Notice($"ARG {arg.Name} also supplies the reference on line {ignoredLine}, which '# imagepin:ignore' suppresses; not updated", UpdateOutcomeKind.NotRewritable));
                            break;
                        }
                        edits.TryAdd(offset, new TextEdit(offset, oldDigest.Length, u.NewDigest));
                        fileChanges.Add(new UpdateChange(f.File, f.Line, f.Column, r.Name, r.Tag!, oldDigest, u.NewDigest, u.OldCreated, u.NewCreated, u.ChangedPlatforms, u.Note));
                        break;
                    case UpdateDecision.Failed failed:
                        notices.Add(Notice(failed.Describe(oldDigest), UpdateOutcomeKind.RegistryFailure));
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

            var display = group.First().Finding.File;
            if (FileRewrite.Apply(group.Key, display, edits.Values, dryRun, scanOptions, out var diff) is { } notWritten)
            {
                notices.AddRange(fileChanges.Select(c => new UpdateNotice(c.File, c.Line, c.Column, c.Image, notWritten, UpdateOutcomeKind.NotRewritable)));
                continue;
            }
            if (diff is not null) diffs[display] = diff;
            filesChanged++;
            changes.AddRange(fileChanges);
        }
        return new UpdateResult(changes, notices, diffs, pins.Count, filesChanged);
    }

    private UpdateRequest RequestFor(ImageReference r) =>
        new(r.Registry, r.Repository, r.Tag!, r.Digest!.Value.ToString()) { Platforms = platforms, MinAge = minAge };

    private static bool InOwnText(ImageOccurrence o, int offset) => offset >= o.Location.Start && offset < o.Location.Start + o.Location.Length;

    /// <summary>Where the old digest is written: in the reference's own characters, else in the ARG default that supplies it.</summary>
    private static int? DigestOffset(FileScanResult file, ImageOccurrence o, string digest)
    {
        var text = file.Text!;
        var at = text.IndexOf(digest, o.Location.Start, o.Location.Length, StringComparison.Ordinal);
        if (at >= 0) return at;
        if (o.WholeArg is { } arg)
        {
            at = text.IndexOf(digest, arg.Location.Start, arg.Location.Length, StringComparison.Ordinal);
            if (at >= 0) return at;
        }
        return null;
    }
}
