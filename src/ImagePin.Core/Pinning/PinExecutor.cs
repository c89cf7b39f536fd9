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
        var failures = new List<PinFailure>(planFailures);
        targets = targets.Select(t => ForPlatform(t, platform)).ToList();
        var digests = await ResolveAllAsync(targets.Select(t => (t.Key, t.Platform)).Distinct().ToList(), ct).ConfigureAwait(false);

        // Shared per run: one suffix per digest (and ":latest" or not), one image name per distinct text.
        var suffixes = new Dictionary<(string, bool), string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(Dictionary<string, string> pool, string text) => pool.TryGetValue(text, out var kept) ? kept : pool[text] = text;

        var changes = new List<PinChange>();
        var diffs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var planned = new List<(Sources.SourceDocument Document, List<TextEdit> Edits, List<ExpectedReference> Expected, List<PinChange> Changes)>();
        foreach (var fileTargets in targets.GroupBy(t => t.Document))
        {
            var edits = new Dictionary<int, TextEdit>();
            var expected = new List<ExpectedReference>();
            var fileChanges = new List<PinChange>();
            foreach (var t in fileTargets)
            {
                var (digest, error) = digests[(t.Key, t.Platform)];
                if (digest is null)
                {
                    failures.Add(new PinFailure(t.File, t.Line, t.Column, t.Image, error!.Message, Classify(error)));
                    continue;
                }
                if (!suffixes.TryGetValue((digest, t.AddLatest), out var suffix)) suffixes[(digest, t.AddLatest)] = suffix = t.Suffix(digest);
                edits.TryAdd(t.InsertAt, new TextEdit(t.InsertAt, 0, suffix));
                expected.Add(new ExpectedReference(t.Index, t.Expanded, suffix));
                fileChanges.Add(new PinChange(t.File, t.Line, t.Column, t.Shown, t.ShownInsertAt, suffix, digest, Shared(names, t.Image)) { Note = t.Note, DefinedAt = t.DefinedAt });
            }
            if (edits.Count > 0) planned.Add((fileTargets.Key, edits.Values.ToList(), expected, fileChanges));
        }

        // Files are independent: write them in parallel (each write is fsync-bound).
        var outcomes = new (string? NotWritten, byte[]? Diff)[planned.Count];
        Parallel.For(0, planned.Count, i =>
        {
            var p = planned[i];
            outcomes[i] = (FileRewrite.Apply(p.Document, p.Edits, p.Expected, dryRun, out var diff), diff);
        });
        var filesChanged = 0;
        for (var i = 0; i < planned.Count; i++)
        {
            var (notWritten, diff) = outcomes[i];
            if (notWritten is not null)
            {
                failures.AddRange(planned[i].Changes.Select(c => new PinFailure(c.File, c.Line, c.Column, c.Image, notWritten, PinFailureKind.NotPinnable)));
                continue;
            }
            if (diff is not null) diffs[planned[i].Document.File.DisplayPath] = diff;
            filesChanged++;
            changes.AddRange(planned[i].Changes);
        }
        failures.Sort((a, b) => (a.File, a.Line, a.Column).CompareTo((b.File, b.Line, b.Column)));
        changes.Sort((a, b) => (a.File, a.Line, a.Column).CompareTo((b.File, b.Line, b.Column)));
        return new PinResult(changes, failures, diffs, filesChanged, digests.Keys.Select(k => k.Item1).Distinct().Count(), registry.RequestCount);
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

    private async Task<Dictionary<(ImageKey, Platform?), (string? Digest, RegistryException? Error)>> ResolveAllAsync(IReadOnlyList<(ImageKey Key, Platform? Platform)> keys, CancellationToken ct)
    {
        var tasks = keys.Select(async key =>
        {
            try
            {
                var descriptor = await registry.ResolveAsync(key.Key.Registry, key.Key.Repository, key.Key.Tag!, key.Platform, ct).ConfigureAwait(false);
                return (Key: key, Digest: (string?)descriptor.Digest, Error: (RegistryException?)null);
            }
            catch (RegistryException e)
            {
                return (Key: key, Digest: null, Error: e);
            }
        }).ToList();
        await ProgressTracking.WhenAll(tasks, progress).ConfigureAwait(false);
        return tasks.ToDictionary(t => t.Result.Key, t => (t.Result.Digest, t.Result.Error));
    }

    private static PinFailureKind Classify(RegistryException e) => e.Kind switch
    {
        RegistryErrorKind.NotFound or RegistryErrorKind.PlatformNotFound or RegistryErrorKind.InvalidReference => PinFailureKind.NotPinnable,
        _ => PinFailureKind.Registry,
    };
}
