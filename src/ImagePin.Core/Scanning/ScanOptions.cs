using ImagePin.Discovery;

namespace ImagePin.Scanning;

/// <param name="IncludeIgnored">Also read files that .gitignore ignores.</param>
/// <param name="MaxFileBytes">Larger files are skipped with a note: no real Dockerfile or manifest is that big.</param>
/// <param name="MaxRelatedDepth">Longest chain of included files (GitLab <c>include: local</c>, Compose <c>extends.file</c>) followed from a scanned file.</param>
/// <param name="MaxRelatedFiles">Most included files read in one run, beyond the files the paths name or the walk finds.</param>
internal sealed record ScanOptions(bool IncludeIgnored = false, long MaxFileBytes = Sources.SourceLimits.MaxFileBytes, int MaxRelatedDepth = 16, int MaxRelatedFiles = 1000)
{
    public static ScanOptions Default { get; } = new();

    /// <summary>Paths a walk leaves out (<c>--exclude</c>, <c>ignore.paths</c>).</summary>
    public PathExclusions Exclusions { get; init; } = PathExclusions.None;

    /// <summary>Keep each file's document (its text) after the scan: only commands that rewrite files need it.</summary>
    public bool KeepDocuments { get; init; } = true;

    /// <summary>
    /// Keep each kept document's text. Commands that rewrite files read it again (proven unchanged) when they get to
    /// the file, so memory is bounded by the largest file rather than the tree; standard input's text is always kept.
    /// </summary>
    public bool KeepText { get; init; } = true;

    /// <summary>
    /// Keep each file's judged references (occurrence, parsed reference): commands that only report (check) need just
    /// the findings, so a large tree costs less memory. Implies not keeping documents.
    /// </summary>
    public bool KeepReferences { get; init; } = true;

    /// <summary>
    /// Keep each file's findings for the report. Only without <see cref="KeepReferences"/>: a command that takes what it
    /// needs of each file through <see cref="Scanned"/> (pin) keeps just errors, warnings and notes.
    /// </summary>
    public bool KeepFindings { get; init; } = true;

    /// <summary>
    /// Called with each file as soon as it is scanned and judged (walked files while the walk goes on, included files
    /// after it), on the thread that scanned it and before anything of it is let go: a command can take what it needs
    /// and start its work on the file at once (pin plans it and asks the registry). Must not throw.
    /// </summary>
    public Action<ScannedFile>? Scanned { get; init; }

    /// <summary>Standard input, for the path <c>-</c>.</summary>
    public Func<Stream>? StandardInput { get; init; }
}
