using ImagePin.Editing;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Pinning;

/// <summary>
/// Resolves each distinct image once (concurrently, through the run's shared registry reads), turns the digests
/// into insertions, and writes each file atomically, or only renders diffs for a dry run. A file is either fully
/// updated or untouched.
/// </summary>
/// <param name="platform">--platform: pin that platform's manifest, except where the file decides the platform itself.</param>
internal sealed class PinExecutor(RegistryContent registry, Platform? platform, IProgress<(int Done, int Total)>? progress = null)
{
    public async Task<PinResult> RunAsync(IReadOnlyList<PinTarget> targets, IEnumerable<PinFailure> planFailures, bool dryRun, CancellationToken ct)
    {
        targets = targets.Select(t => ForPlatform(t, platform)).ToList();
        var resolutions = targets.Select(t => (t.Key, t.Platform)).Distinct().ToDictionary(key => key, key => ResolveAsync(key, ct));

        // Each file is rewritten (or its diff rendered) as soon as its own digests are in, while other requests are
        // still out, so little is left to do after the last response. Files are independent; each write is fsync-bound.
        var shared = new SharedTexts();
        var files = targets.GroupBy(t => t.Document).ToList();
        var outcomes = files.Select(file => RewriteWhenResolvedAsync(file.Key, file.ToList(), resolutions, shared, dryRun)).ToList();
        await ProgressTracking.WhenAll(resolutions.Values, progress).ConfigureAwait(false);
        var done = await Task.WhenAll(outcomes).ConfigureAwait(false);

        var failures = new List<PinFailure>(planFailures);
        var changes = new List<PinChange>();
        var diffs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var filesChanged = 0;
        foreach (var outcome in done)
        {
            failures.AddRange(outcome.Failures);
            if (outcome.Changes.Count == 0) continue;
            if (outcome.NotWritten is { } notWritten)
            {
                failures.AddRange(outcome.Changes.Select(c => new PinFailure(c.File, c.Line, c.Column, c.Image, notWritten, PinFailureKind.NotPinnable)));
                continue;
            }
            if (outcome.Diff is { } diff) diffs[outcome.File] = diff;
            filesChanged++;
            changes.AddRange(outcome.Changes);
        }
        failures.Sort((a, b) => (a.File, a.Line, a.Column).CompareTo((b.File, b.Line, b.Column)));
        changes.Sort((a, b) => (a.File, a.Line, a.Column).CompareTo((b.File, b.Line, b.Column)));
        return new PinResult(changes, failures, diffs, filesChanged, resolutions.Keys.Select(k => k.Key).Distinct().Count(), registry.RequestCount);
    }

    /// <summary>What became of one file: its changes (none written when <see cref="NotWritten"/> says why) and failures.</summary>
    private sealed record FileOutcome(string File, List<PinChange> Changes, List<PinFailure> Failures, string? NotWritten, byte[]? Diff);

    /// <summary>Shared per run: one suffix per digest (and ":latest" or not), one image name per distinct text.</summary>
    private sealed class SharedTexts
    {
        public readonly System.Collections.Concurrent.ConcurrentDictionary<(string Digest, bool AddLatest), string> Suffixes = new();
        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    }

    private static async Task<FileOutcome> RewriteWhenResolvedAsync(Sources.SourceDocument document, List<PinTarget> targets,
        Dictionary<(ImageKey, Platform?), Task<(string? Digest, RegistryException? Error)>> resolutions, SharedTexts shared, bool dryRun)
    {
        var edits = new Dictionary<int, TextEdit>();
        var expected = new List<ExpectedReference>();
        var changes = new List<PinChange>();
        var failures = new List<PinFailure>();
        foreach (var t in targets)
        {
            var (digest, error) = await resolutions[(t.Key, t.Platform)].ConfigureAwait(false);
            if (digest is null)
            {
                failures.Add(new PinFailure(t.File, t.Line, t.Column, t.Image, error!.Message, Classify(error)));
                continue;
            }
            var suffix = shared.Suffixes.GetOrAdd((digest, t.AddLatest), static (key, t) => t.Suffix(key.Digest), t);
            edits.TryAdd(t.InsertAt, new TextEdit(t.InsertAt, 0, suffix));
            expected.Add(new ExpectedReference(t.Index, t.Expanded, suffix));
            changes.Add(new PinChange(t.File, t.Line, t.Column, t.Shown, t.ShownInsertAt, suffix, digest, shared.Names.GetOrAdd(t.Image, t.Image)) { Note = t.Note, DefinedAt = t.DefinedAt });
        }
        var file = document.File.DisplayPath;
        if (edits.Count == 0) return new FileOutcome(file, changes, failures, null, null);
        // Off the thread that completed the last request: the rewrite reads, parses and (pin) writes the file.
        await Task.Yield();
        var rewriting = Scanning.PhaseTrace.Start();
        var notWritten = FileRewrite.Apply(document, edits.Values.ToList(), expected, dryRun, out var diff);
        Scanning.PhaseTrace.Add(Scanning.Phase.Rewrite, rewriting);
        return new FileOutcome(file, changes, failures, notWritten, diff);
    }

    /// <summary>
    /// The platform to pin for one reference: a literal <c>FROM --platform</c> wins over --platform (a stage that asks
    /// for arm64 must never get an amd64 digest); a platform decided at build time keeps the index.
    /// </summary>
    private static PinTarget ForPlatform(PinTarget t, Platform? platform)
    {
        if (platform is null) return t;
        if (t.IndexOnly is { } reason) return t with { Platform = null, Note = $"multi-platform index pinned, not {platform}: {reason}" };
        if (t.WrittenPlatform is { } written && Platform.TryParse(written, out var asked, out _))
            return t with { Platform = asked, Note = asked == platform ? null : $"{asked} manifest pinned, not {platform}: the file asks for {written}" };
        return t with { Platform = platform };
    }

    /// <summary>
    /// Starts resolving <paramref name="targets"/> (one file's, as the scan finds them) without waiting: the run's
    /// registry reads are shared, so <see cref="RunAsync"/> later awaits these same requests instead of starting its
    /// own once the whole tree is scanned. Failures are kept for that wait.
    /// </summary>
    public static void StartResolving(RegistryContent registry, Platform? platform, IEnumerable<PinTarget> targets)
    {
        foreach (var t in targets.Select(t => ForPlatform(t, platform)))
            _ = registry.ResolveAsync(t.Key.Registry, t.Key.Repository, t.Key.Tag!, t.Platform).ContinueWith(static r => r.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
    }

    private async Task<(string? Digest, RegistryException? Error)> ResolveAsync((ImageKey Key, Platform? Platform) key, CancellationToken ct)
    {
        try
        {
            var descriptor = await registry.ResolveAsync(key.Key.Registry, key.Key.Repository, key.Key.Tag!, key.Platform, ct).ConfigureAwait(false);
            return (descriptor.Digest, null);
        }
        catch (RegistryException e)
        {
            return (null, e);
        }
    }

    private static PinFailureKind Classify(RegistryException e) => e.Kind switch
    {
        RegistryErrorKind.NotFound or RegistryErrorKind.PlatformNotFound or RegistryErrorKind.InvalidReference => PinFailureKind.NotPinnable,
        _ => PinFailureKind.Registry,
    };
}
