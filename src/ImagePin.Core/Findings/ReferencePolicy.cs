using ImagePin.References;
using ImagePin.Sources;

namespace ImagePin.Findings;

/// <summary>Turns an occurrence into a finding: its status, severity, rule and a message that says how to fix it.</summary>
internal static class ReferencePolicy
{
    public static Finding Judge(string file, string kind, ImageOccurrence o)
    {
        var (status, image, rule, message) = Classify(o);
        var severity = rule?.DefaultSeverity ?? Severity.None;
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
        return new Finding(file, loc.Line, loc.Column, loc.EndLine, loc.EndColumn, kind, o.Context, o.Text, image, status, severity, rule, message);
    }

    private static (ReferenceStatus, string?, Rule?, string) Classify(ImageOccurrence o)
    {
        var shown = o.Expanded is { } e && e != o.Text ? $"'{o.Text}' (= '{e}')" : $"'{o.Text}'";
        switch (o.Target)
        {
            case OccurrenceTarget.Stage:
                return (ReferenceStatus.Stage, null, null, $"{shown} is a build stage of this Dockerfile, not an image");
            case OccurrenceTarget.Scratch:
                return (ReferenceStatus.Scratch, null, null, "'scratch' is the empty base image; nothing to pull");
            case OccurrenceTarget.Unresolved:
                var names = string.Join(", ", o.UnsetVariables);
                var plural = o.UnsetVariables.Count == 1 ? "variable" : "variables";
                return (ReferenceStatus.Variable, null, Rules.UnresolvedVariable,
                    $"'{o.Text}' depends on {plural} {names} without a value; give the ARG a default or pass --build-arg {o.UnsetVariables[0]}=…");
        }

        if (o.Problem is { } problem)
            return (ReferenceStatus.Invalid, null, Rules.InvalidReference, $"{shown}: {problem}");
        if (o.ExpansionError is { } expansionError)
            return (ReferenceStatus.Invalid, null, Rules.InvalidReference, $"{shown} cannot be expanded: {expansionError}");
        var text = o.Expanded ?? o.Text;
        if (text.Length == 0)
            return (ReferenceStatus.Invalid, null, Rules.InvalidReference, $"'{o.Text}' expands to an empty image name");
        if (!ImageReference.TryParseNormalized(text, out var reference, out var error))
            return (ReferenceStatus.Invalid, null, Rules.InvalidReference, $"{shown} is not a valid image reference: {error!.Message}");

        var image = reference!.FullyQualified;
        if (reference.Digest is not null)
        {
            return reference.Tag is null
                ? (ReferenceStatus.DigestOnly, image, Rules.DigestWithoutTag, $"{shown} is pinned by digest but has no tag; write the tag before the digest (image:tag@{reference.Digest}) so readers and `imagepin update` know what it tracks")
                : (ReferenceStatus.Pinned, image, null, $"{shown} is pinned");
        }
        if (reference.Tag is null)
            return (ReferenceStatus.Untagged, image, Rules.Untagged, $"{shown} has no tag, so Docker pulls ':latest', which changes with every release; run `imagepin pin` to pin it by digest");
        if (reference.Tag == "latest")
            return (ReferenceStatus.Latest, image, Rules.LatestTag, $"{shown} uses ':latest', which changes with every release; run `imagepin pin` to pin it by digest");
        return (ReferenceStatus.Tag, image, Rules.UnpinnedTag, $"{shown} uses the mutable tag '{reference.Tag}'; run `imagepin pin` to pin it by digest");
    }
}
