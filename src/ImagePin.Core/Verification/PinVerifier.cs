using ImagePin.Classification;
using ImagePin.Freshness;
using ImagePin.Policy;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Verification;

/// <summary>
/// verify: asks the registry about every reference the policy says to verify (concurrently, each distinct pin once)
/// and turns its finding into current / behind / platform-pin / missing. Other findings stay as the scan judged them.
/// </summary>
/// <param name="platforms">The platforms the project builds (<c>--platforms</c>, settings): a pin of the only one is deliberate, not a warning.</param>
internal sealed class PinVerifier(PinInspector inspector, TimeSpan? maxAge, DateTimeOffset now, IProgress<(int Done, int Total)>? progress = null,
    ReferencePolicy? policy = null, IReadOnlyCollection<Registry.Oci.Platform>? platforms = null)
{
    public async Task<(List<Finding> Findings, List<FileError> RegistryErrors)> VerifyAsync(IReadOnlyList<ScannedFile> files, CancellationToken ct)
    {
        var pins = new List<(Finding Finding, ImageKey Key)>();
        var findings = new List<Finding>();
        foreach (var file in files)
            foreach (var judged in file.References)
            {
                findings.Add(judged.Finding);
                if (judged.Actions.HasFlag(ReferenceActions.Verify) && judged.Reference is { Digest: not null } reference)
                    pins.Add((judged.Finding, ImageKey.Pinned(reference)));
            }

        // Each distinct pin is inspected once, however many places use it.
        var inspections = new Dictionary<ImageKey, Task<PinInspection>>();
        foreach (var (_, key) in pins)
            if (!inspections.ContainsKey(key)) inspections[key] = inspector.InspectAsync(key, ct);
        await ProgressTracking.WhenAll(inspections.Values, progress).ConfigureAwait(false);

        var errors = new List<FileError>();
        var judgedFindings = new Dictionary<Finding, Finding>(ReferenceEqualityComparer.Instance);
        foreach (var (f, key) in pins)
        {
            var inspection = await inspections[key].ConfigureAwait(false);
            if (inspection.Status == PinStatus.Failed)
            {
                errors.Add(new FileError(f.File, f.Line, f.Column, $"{f.Image}: cannot verify: {inspection.Error}"));
                continue;
            }
            judgedFindings[f] = Judge(f, inspection);
        }
        return (findings.Select(f => judgedFindings.GetValueOrDefault(f, f)).ToList(), errors);
    }

    private Finding Judge(Finding f, PinInspection inspection)
    {
        var freshness = new PinFreshness(
            inspection.PinnedPlatform is null ? inspection.CurrentDigest : inspection.CurrentPlatformDigest ?? inspection.CurrentDigest,
            inspection.PinnedCreated?.Created, inspection.CurrentCreated?.Created,
            ImageCreated.JsonName((inspection.CurrentCreated ?? inspection.PinnedCreated)?.Source ?? CreatedSource.None),
            inspection.PinnedPlatform?.ToString(), inspection.PinnedAge(now), inspection.CurrentNewerBy);
        var describe = inspection.Describe(now);
        // Suppressed references have status ignored and never reach here.
        Finding With(ReferenceStatus status, Rule? rule, Severity severity, string message) =>
            f with
            {
                Status = status, Rule = rule ?? f.Rule, Message = message, Freshness = freshness,
                Severity = rule is null ? severity : (policy ?? ReferencePolicy.Default).SeverityOf(rule, severity),
            };

        return inspection.Status switch
        {
            PinStatus.Missing => With(ReferenceStatus.Missing, Rules.MissingDigest, Severity.Error, f.Status == ReferenceStatus.DigestOnly
                // update follows tags; a digest-only pin has none, so only a person can choose its replacement.
                ? $"'{f.Text}': digest no longer in registry: it was deleted or garbage-collected; replace it by hand, or write the tag it came from (image:tag@digest) and run `imagepin update`"
                : $"'{f.Text}': {PinInspection.MissingMessage}"),
            PinStatus.Current => With(ReferenceStatus.Current, null, f.Status == ReferenceStatus.DigestOnly ? f.Severity : Severity.None, $"'{f.Text}' is {describe}"),
            // A digest-only pin cannot be current or behind: it stays digest-only, now known to exist.
            PinStatus.Present => With(ReferenceStatus.DigestOnly, null, f.Severity, $"{f.Message}; the registry still holds it"),
            PinStatus.PlatformPin when platforms is { Count: 1 } && platforms.Contains(inspection.PinnedPlatform!) =>
                With(ReferenceStatus.PlatformPin, Rules.PlatformPin, Severity.None,
                    $"'{f.Text}' is the {inspection.PinnedPlatform} manifest of the tag's index {inspection.CurrentDigest}, the only platform the project builds (platforms)"),
            PinStatus.PlatformPin => With(ReferenceStatus.PlatformPin, Rules.PlatformPin, Severity.Warning, $"'{f.Text}' is a {describe}"),
            PinStatus.TagMissing => With(ReferenceStatus.TagMissing, Rules.TagMissing, Severity.Warning, $"'{f.Text}': {describe}"),
            _ => Behind(f, inspection, describe, With),
        };
    }

    private Finding Behind(Finding f, PinInspection inspection, string describe, Func<ReferenceStatus, Rule?, Severity, string, Finding> with)
    {
        // update follows the pinned platform; when the tag no longer has it, update cannot help.
        if (inspection.PinnedPlatform is { } gone && inspection.CurrentPlatformDigest is null)
            return with(ReferenceStatus.Behind, Rules.PinBehind, Severity.Warning,
                $"'{f.Text}' is {describe}; `imagepin update` cannot follow a platform the tag dropped: pin another platform or another tag");
        if (maxAge is { } limit && MaxAgePolicy.IsExceeded(inspection, limit, now))
            return with(ReferenceStatus.Behind, Rules.PinBehind, Severity.Error,
                $"'{f.Text}' is {describe}; older than --max-age {Durations.Format(limit)}: run `imagepin update`");
        return with(ReferenceStatus.Behind, Rules.PinBehind, Severity.Note, $"'{f.Text}' is {describe}; run `imagepin update`");
    }
}
