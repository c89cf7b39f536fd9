using ImagePin.Classification;
using ImagePin.Discovery;
using ImagePin.Sources;

namespace ImagePin.Policy;

/// <summary>
/// Decides what a classified reference means for this project: finding or not, severity, rule id, and what
/// pin, update and verify do with it. Suppression (<c># imagepin:ignore</c>, <c>ignore.images</c>), the per-path
/// <c>rules</c>, <c>registries.allow</c> and severity overrides are applied here, never in the sources.
/// </summary>
internal sealed class ReferencePolicy
{
    public static ReferencePolicy Default { get; } = new();

    private readonly PolicySettings _settings;
    private readonly HashSet<string> _ignoredRules;

    /// <param name="ignoredRules">Rule ids not reported (<c>--ignore</c>, <c>ignore.rules</c>): their findings keep status and rule, with severity none.</param>
    public ReferencePolicy(IReadOnlyCollection<string>? ignoredRules = null) : this(new PolicySettings { IgnoredRules = ignoredRules ?? [] })
    {
    }

    public ReferencePolicy(PolicySettings settings)
    {
        _settings = settings;
        _ignoredRules = new HashSet<string>(settings.IgnoredRules, StringComparer.Ordinal);
    }

    public PolicySettings Settings => _settings;

    /// <param name="fullPath">The file's absolute path, for the per-path rules; null for standard input (the default rule).</param>
    public JudgedReference Judge(string displayPath, string kind, ImageOccurrence o, string? fullPath = null)
    {
        var c = ReferenceClassifier.Classify(o);
        var status = c.Status;
        var rule = RuleFor(status);
        var message = c.Message;
        var actions = ActionsFor(status);
        var isImage = status is not (ReferenceStatus.Stage or ReferenceStatus.Scratch);
        // The project's own images (Compose build:) are not pulled: neither allowed nor ignored by name.
        var pulled = c.Reference is not null && status != ReferenceStatus.Built;
        if (o.Suppression is { } reason && isImage)
        {
            // Any image reference can be suppressed, pinned ones too (verify and update then leave it alone).
            message = reason.Length > 0
                ? $"suppressed by '# imagepin:ignore': {reason} ({message})"
                : $"suppressed by '# imagepin:ignore' ({message})";
            return Judged(o, c, displayPath, kind, ReferenceStatus.Ignored, Severity.None, rule, message, ReferenceActions.None);
        }
        if (pulled && ImagePattern.FirstMatch(_settings.IgnoredImages, c.Reference!) is { } ignored)
        {
            message = $"suppressed by ignore.images '{ignored.Text}' ({ignored.Origin}) ({message})";
            return Judged(o, c, displayPath, kind, ReferenceStatus.Ignored, Severity.None, rule, message, ReferenceActions.None);
        }
        if (pulled && _settings.AllowedImages is { } allowed && ImagePattern.FirstMatch(allowed, c.Reference!) is null)
        {
            // Nothing is asked of a registry the project does not trust: pin, update and verify leave it alone.
            var notAllowed = Rules.RegistryNotAllowed;
            message = $"{Shown(o)}: {c.Reference!.Registry}/{c.Reference.Repository} is not in registries.allow ({string.Join(", ", allowed.Select(a => a.Text))}); "
                      + "use an image from an allowed registry, or add it to the list";
            return Judged(o, c, displayPath, kind, status, SeverityOf(notAllowed, notAllowed.DefaultSeverity), notAllowed, message, ReferenceActions.None);
        }
        if (Relaxed(status, fullPath) is { } pathRule)
        {
            message = $"{Shown(o)} is allowed here: {pathRule.Origin} requires {Describe(pathRule.Require)} for these paths";
            return Judged(o, c, displayPath, kind, status, Severity.None, null, message, ReferenceActions.None);
        }
        var severity = rule is null ? Severity.None : SeverityOf(rule, rule.DefaultSeverity);
        return Judged(o, c, displayPath, kind, status, severity, rule, message, actions);
    }

    private static JudgedReference Judged(ImageOccurrence o, Classification.Classification c, string displayPath, string kind, ReferenceStatus status, Severity severity,
        Rule? rule, string message, ReferenceActions actions)
    {
        var loc = o.Location;
        var finding = new Finding(displayPath, loc.Line, loc.Column, loc.EndLine, loc.EndColumn, kind, o.Context, o.Text,
            c.Reference?.FullyQualified, status, severity, rule, message);
        return new JudgedReference(o, c.Reference, finding, actions);
    }

    /// <summary>The path rule that makes this status no finding in this file, or null.</summary>
    private PathRule? Relaxed(ReferenceStatus status, string? fullPath)
    {
        if (status is not (ReferenceStatus.Tag or ReferenceStatus.Latest or ReferenceStatus.Untagged)) return null;
        if (RuleForPath(fullPath) is not { } pathRule) return null;
        return pathRule.Require switch
        {
            Requirement.Any => pathRule,
            Requirement.Tag when status == ReferenceStatus.Tag => pathRule,
            _ => null,
        };
    }

    /// <summary>The first path rule matching the file, or null (digests required).</summary>
    public PathRule? RuleForPath(string? fullPath)
    {
        if (fullPath is null || _settings.BaseDirectory is not { } baseDirectory || _settings.PathRules.Count == 0) return null;
        if (GitIgnores.RelativeTo(baseDirectory, fullPath) is not { } relative) return null;
        foreach (var pathRule in _settings.PathRules)
            if (pathRule.Matches(relative)) return pathRule;
        return null;
    }

    private static string Describe(Requirement require) => require switch
    {
        Requirement.Tag => "a tag (not a digest)",
        Requirement.Any => "nothing (any valid reference)",
        _ => "digests",
    };

    private static string Shown(ImageOccurrence o) => o.Expanded is { } e && e != o.Text ? $"'{o.Text}' (= '{e}')" : $"'{o.Text}'";

    /// <summary>
    /// A rule's severity here: none when the rule is ignored; the settings' override when <paramref name="severity"/> is
    /// the rule's default (verify's escalations, a pin past --max-age, stay as they are).
    /// </summary>
    public Severity SeverityOf(Rule rule, Severity severity)
    {
        if (_ignoredRules.Contains(rule.Id)) return Severity.None;
        return severity == rule.DefaultSeverity && _settings.Severities.TryGetValue(rule.Id, out var overridden) ? overridden : severity;
    }

    private static Rule? RuleFor(ReferenceStatus status) => status switch
    {
        ReferenceStatus.Tag => Rules.UnpinnedTag,
        ReferenceStatus.Latest => Rules.LatestTag,
        ReferenceStatus.Untagged => Rules.Untagged,
        ReferenceStatus.DigestOnly => Rules.DigestWithoutTag,
        ReferenceStatus.Variable => Rules.UnresolvedVariable,
        ReferenceStatus.Invalid => Rules.InvalidReference,
        _ => null,
    };

    private static ReferenceActions ActionsFor(ReferenceStatus status) => status switch
    {
        ReferenceStatus.Tag or ReferenceStatus.Latest or ReferenceStatus.Untagged => ReferenceActions.Pin,
        ReferenceStatus.Pinned => ReferenceActions.Update | ReferenceActions.Verify,
        ReferenceStatus.DigestOnly => ReferenceActions.Verify,
        _ => ReferenceActions.None,
    };
}
