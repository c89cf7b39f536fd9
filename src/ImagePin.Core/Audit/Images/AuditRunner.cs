using ImagePin.Audit.Vulnerabilities;
using ImagePin.Policy;
using Finding = ImagePin.Policy.Finding;
using ImagePin.Resolution;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Audit.Images;

/// <summary>One distinct pin, the places in the files that name it, and its audit per platform.</summary>
internal sealed record AuditedPin(PinInventories Read, IReadOnlyList<Finding> Places, IReadOnlyList<PlatformAudit> Platforms)
{
    public ImageKey Pin => Read.Pin;

    /// <summary>The pinned images' findings over every platform, each issue once.</summary>
    public IReadOnlyList<AuditFinding> Findings => Distinct(Platforms.SelectMany(p => p.Pinned.Findings));

    public IReadOnlyList<AuditFinding> Remediated => Distinct(Platforms.SelectMany(p => p.Remediated));

    public IReadOnlyList<AuditFinding> Introduced => Distinct(Platforms.SelectMany(p => p.Introduced));

    private static List<AuditFinding> Distinct(IEnumerable<AuditFinding> findings)
    {
        var kept = new List<AuditFinding>();
        foreach (var f in findings)
            if (!kept.Any(f.SameIssueAs)) kept.Add(f);
        return kept;
    }
}

/// <summary>What <c>imagepin audit</c> found: the audited pins, the pins that failed (registry or unreadable image) and the files that did.</summary>
internal sealed record AuditReport(
    IReadOnlyList<AuditedPin> Pins,
    IReadOnlyList<FileError> Errors,
    IReadOnlyList<string> Notes,
    int FilesScanned,
    int RecordsLoaded,
    DateTimeOffset Now)
{
    public bool HasRegistryFailures { get; init; }

    public bool HasUnreadableImages { get; init; }
}

/// <summary>
/// audit: every reference the policy lets verify act on (pinned by digest) is read once per distinct pin, the OSV
/// data for the releases found is loaded once, then each pin is matched and compared with its tag's current image.
/// </summary>
internal sealed class AuditRunner(PinAuditor auditor, bool includeUnimportant, IProgress<(int Done, int Total)>? progress = null)
{
    /// <param name="loadDatabase">
    /// Loads the OSV data for the given ecosystems, at least for the given source packages (an
    /// <see cref="OsvFormatException"/> escapes).
    /// </param>
    public async Task<AuditReport> RunAsync(IReadOnlyList<ScannedFile> files, Func<IReadOnlyCollection<string>, IReadOnlySet<string>, OsvDatabase> loadDatabase,
        DateTimeOffset now, CancellationToken ct)
    {
        var places = new Dictionary<ImageKey, List<Finding>>();
        foreach (var judged in files.SelectMany(f => f.References))
            if (judged.Actions.HasFlag(ReferenceActions.Verify) && judged.Reference is { Digest: not null } reference)
            {
                var key = ImageKey.Pinned(reference);
                if (!places.TryGetValue(key, out var list)) places[key] = list = [];
                list.Add(judged.Finding);
            }

        var reads = places.Keys.ToDictionary(key => key, key => auditor.ReadAsync(key, ct));
        await ProgressTracking.WhenAll(reads.Values, progress).ConfigureAwait(false);
        var read = reads.ToDictionary(r => r.Key, r => r.Value.Result);

        var inventories = read.Values.SelectMany(r => r.Platforms).SelectMany(p => new[] { p.Pinned, p.Current }).OfType<ImageInventoryResult>().ToList();
        var ecosystems = inventories.Select(i => i.Ecosystem).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var sources = inventories.SelectMany(i => i.Packages).Select(p => p.SourceName).ToHashSet(StringComparer.Ordinal);
        var database = loadDatabase(ecosystems, sources);

        var errors = new List<FileError>();
        var pins = new List<AuditedPin>();
        foreach (var (key, pin) in read)
        {
            if (pin.Error is not null)
            {
                foreach (var f in places[key]) errors.Add(new FileError(f.File, f.Line, f.Column, $"{f.Image}: cannot audit: {pin.Error}"));
                continue;
            }
            pins.Add(new AuditedPin(pin, places[key], pin.Platforms.Select(p => AuditMatcher.Audit(p, database, includeUnimportant)).ToList()));
        }
        var notes = database.Problems.Take(20).Select(p => "OSV record skipped: " + p).ToList();
        return new AuditReport(pins.OrderBy(p => p.Places[0].File, StringComparer.Ordinal).ThenBy(p => p.Places[0].Line).ToList(),
            errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToList(), notes, files.Count, database.RecordCount, now)
        {
            HasRegistryFailures = read.Values.Any(r => r.RegistryFailure),
            HasUnreadableImages = read.Values.Any(r => r.Error is not null && !r.RegistryFailure),
        };
    }
}

/// <summary>
/// <c>--fail-on</c>: a severity (<c>critical</c>, <c>high</c>, <c>medium</c>, <c>low</c>, or <c>any</c>, which also
/// counts findings of unknown severity) and/or <c>fixable</c> (only findings that <c>update</c> would remediate),
/// comma-separated; both together mean both conditions. The audit fails when a pinned image has a finding that
/// meets them.
/// </summary>
internal sealed record FailOn(AdvisorySeverity? AtLeast, bool AnySeverity, bool Fixable)
{
    public static bool TryParse(string text, out FailOn? failOn, out string? error)
    {
        failOn = null;
        error = null;
        AdvisorySeverity? level = null;
        var any = false;
        var fixable = false;
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "critical": level = AdvisorySeverity.Critical; break;
                case "high": level = AdvisorySeverity.High; break;
                case "medium": level = AdvisorySeverity.Medium; break;
                case "low": level = AdvisorySeverity.Low; break;
                case "any": any = true; break;
                case "fixable": fixable = true; break;
                default:
                    error = $"'{word}' is not one of critical, high, medium, low, any, fixable";
                    return false;
            }
        }
        if (level is null && !any && !fixable)
        {
            error = "names no condition (critical, high, medium, low, any, fixable)";
            return false;
        }
        failOn = new FailOn(level, any || level is null, fixable);
        return true;
    }

    public bool Counts(AuditedPin pin, AuditFinding finding) =>
        (!Fixable || pin.Remediated.Any(finding.SameIssueAs))
        && (AtLeast is { } level ? finding.Severity >= level : AnySeverity);

    /// <summary>The findings that make the audit fail.</summary>
    public IEnumerable<(AuditedPin Pin, AuditFinding Finding)> Failing(AuditReport report) =>
        report.Pins.SelectMany(p => p.Findings.Where(f => Counts(p, f)).Select(f => (p, f)));
}
