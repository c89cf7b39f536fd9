using ImagePin.Findings;
using ImagePin.Freshness;
using ImagePin.References;
using ImagePin.Reporting;
using ImagePin.Scanning;

namespace ImagePin.Verification;

/// <summary>
/// verify: asks the registry about every pinned reference (concurrently, each distinct pin once) and turns
/// its check finding into current / behind / platform-pin / missing. Other findings stay as check judged them.
/// </summary>
internal sealed class PinVerifier(PinInspector inspector, TimeSpan? maxAge, DateTimeOffset now, IProgress<(int Done, int Total)>? progress = null)
{
    public async Task<(List<Finding> Findings, List<FileError> RegistryErrors)> VerifyAsync(IReadOnlyList<FileScanResult> files, CancellationToken ct)
    {
        var pins = new List<(Finding Finding, ImageReference Reference)>();
        var findings = new List<Finding>();
        foreach (var file in files)
            for (var i = 0; i < file.Findings.Count; i++)
            {
                var f = file.Findings[i];
                findings.Add(f);
                if (f.Status is ReferenceStatus.Pinned or ReferenceStatus.DigestOnly
                    && ImageReference.TryParseNormalized(file.Occurrences[i].Expanded!, out var reference, out _))
                    pins.Add((f, reference!));
            }

        // Each distinct pin is inspected once, however many places use it.
        static (string, string, string?, string) Key(ImageReference r) => (r.Registry, r.Repository, r.Tag, r.Digest!.Value.ToString());
        var inspections = new Dictionary<(string, string, string?, string), Task<PinInspection>>();
        foreach (var (_, r) in pins)
            if (!inspections.ContainsKey(Key(r)))
                inspections[Key(r)] = inspector.InspectAsync(r.Registry, r.Repository, r.Tag, r.Digest!.Value.ToString(), ct);
        await ProgressTracking.WhenAll(inspections.Values, progress).ConfigureAwait(false);

        var errors = new List<FileError>();
        var judged = new Dictionary<Finding, Finding>(ReferenceEqualityComparer.Instance);
        foreach (var (f, r) in pins)
        {
            var inspection = await inspections[Key(r)].ConfigureAwait(false);
            if (inspection.Status == PinStatus.Failed)
            {
                errors.Add(new FileError(f.File, f.Line, f.Column, $"{r.FullyQualified}: cannot verify: {inspection.Error}"));
                continue;
            }
            judged[f] = Judge(f, inspection);
        }
        return (findings.Select(f => judged.GetValueOrDefault(f, f)).ToList(), errors);
    }

    private Finding Judge(Finding f, PinInspection inspection)
    {
        var freshness = new PinFreshness(
            inspection.PinnedPlatform is null ? inspection.CurrentDigest : inspection.CurrentPlatformDigest ?? inspection.CurrentDigest,
            inspection.PinnedCreated?.Created, inspection.CurrentCreated?.Created,
            Source(inspection.CurrentCreated ?? inspection.PinnedCreated),
            inspection.PinnedPlatform?.ToString(), inspection.PinnedAge(now), inspection.CurrentNewerBy);
        var describe = inspection.Describe(now);
        // Suppressed references have status ignored and never reach here.
        Finding With(ReferenceStatus status, Rule? rule, Severity severity, string message) =>
            f with { Status = status, Rule = rule ?? f.Rule, Severity = severity, Message = message, Freshness = freshness };

        return inspection.Status switch
        {
            PinStatus.Missing => With(ReferenceStatus.Missing, Rules.MissingDigest, Severity.Error, f.Status == ReferenceStatus.DigestOnly
                // update follows tags; a digest-only pin has none, so only a person can choose its replacement.
                ? $"'{f.Text}': digest no longer in registry: it was deleted or garbage-collected; replace it by hand, or write the tag it came from (image:tag@digest) and run `imagepin update`"
                : $"'{f.Text}': {PinInspection.MissingMessage}"),
            PinStatus.Current => With(ReferenceStatus.Current, null, f.Status == ReferenceStatus.DigestOnly ? f.Severity : Severity.None, $"'{f.Text}' is {describe}"),
            // A digest-only pin cannot be current or behind: it stays digest-only, now known to exist.
            PinStatus.Present => With(ReferenceStatus.DigestOnly, null, f.Severity, $"{f.Message}; the registry still holds it"),
            PinStatus.PlatformPin => With(ReferenceStatus.PlatformPin, Rules.PlatformPin, Severity.Warning, $"'{f.Text}' is a {describe}"),
            _ => Behind(f, inspection, describe, With),
        };
    }

    private Finding Behind(Finding f, PinInspection inspection, string describe, Func<ReferenceStatus, Rule?, Severity, string, Finding> with)
    {
        if (maxAge is { } limit && MaxAgePolicy.IsExceeded(inspection, limit, now))
            return with(ReferenceStatus.Behind, Rules.PinBehind, Severity.Error,
                $"'{f.Text}' is {describe}; older than --max-age {Durations.Format(limit)}: run `imagepin update`");
        return with(ReferenceStatus.Behind, Rules.PinBehind, Severity.Note, $"'{f.Text}' is {describe}; run `imagepin update`");
    }

    private static string? Source(ImageCreated? created) => created?.Source switch
    {
        CreatedSource.ConfigCreated => "config",
        CreatedSource.OciAnnotation => "annotation",
        _ => null,
    };
}
