using ImagePin.Classification;
using ImagePin.Sources;

namespace ImagePin.Policy;

/// <summary>
/// Decides what a classified reference means for this project: finding or not, severity, rule id, and what
/// pin, update and verify do with it. Suppression (<c># imagepin:ignore</c>) is applied here.
/// </summary>
/// <param name="ignoredRules">Rule ids not reported (<c>--ignore</c>, <c>ignore.rules</c>): their findings keep status and rule, with severity none.</param>
internal sealed class ReferencePolicy(IReadOnlyCollection<string>? ignoredRules = null)
{
    public static ReferencePolicy Default { get; } = new();

    private readonly HashSet<string> _ignoredRules = new(ignoredRules ?? [], StringComparer.Ordinal);

    public JudgedReference Judge(string displayPath, string kind, ImageOccurrence o)
    {
        var c = ReferenceClassifier.Classify(o);
        var status = c.Status;
        var rule = RuleFor(status);
        var severity = rule is null || _ignoredRules.Contains(rule.Id) ? Severity.None : rule.DefaultSeverity;
        var message = c.Message;
        // Any image reference can be suppressed, pinned ones too (verify and update then leave it alone).
        if (o.Suppression is { } reason && status is not (ReferenceStatus.Stage or ReferenceStatus.Scratch))
        {
            status = ReferenceStatus.Ignored;
            severity = Severity.None;
            message = reason.Length > 0
                ? $"suppressed by '# imagepin:ignore': {reason} ({message})"
                : $"suppressed by '# imagepin:ignore' ({message})";
        }
        var loc = o.Location;
        var finding = new Finding(displayPath, loc.Line, loc.Column, loc.EndLine, loc.EndColumn, kind, o.Context, o.Text,
            c.Reference?.FullyQualified, status, severity, rule, message);
        return new JudgedReference(o, c.Reference, finding, ActionsFor(status));
    }

    /// <summary>A rule's severity here: none when the rule is ignored.</summary>
    public Severity SeverityOf(Rule rule, Severity severity) => _ignoredRules.Contains(rule.Id) ? Severity.None : severity;

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
