using ImagePin.References;
using ImagePin.Sources;

namespace ImagePin.Classification;

/// <summary>What one occurrence is: its status, the parsed reference, and a message that says what that means.</summary>
/// <param name="Reference">The normalized reference, for statuses that name an image.</param>
internal sealed record Classification(ReferenceStatus Status, ImageReference? Reference, string Message);

/// <summary>
/// Says what an occurrence names (pinned, tag, latest, untagged, variable, invalid, stage, scratch, built), the same
/// for every source and path. What that means for a project (finding, severity, what each command does) is the policy's.
/// </summary>
internal static class ReferenceClassifier
{
    public static Classification Classify(ImageOccurrence o)
    {
        var shown = o.Expanded is { } e && e != o.Text ? $"'{o.Text}' (= '{e}')" : $"'{o.Text}'";
        switch (o.Target)
        {
            case OccurrenceTarget.Stage:
                return new(ReferenceStatus.Stage, null, $"{shown} is {o.TargetDescription ?? "a build stage"}, not an image");
            case OccurrenceTarget.Scratch:
                return new(ReferenceStatus.Scratch, null, "'scratch' is the empty base image; nothing to pull");
            case OccurrenceTarget.Built:
                return new(ReferenceStatus.Built, Parse(o.Expanded), $"{shown} is {o.TargetDescription ?? "an image this file builds"}, not pulled");
            case OccurrenceTarget.Unresolved:
                var names = string.Join(", ", o.UnsetVariables);
                var plural = o.UnsetVariables.Count == 1 ? "variable" : "variables";
                return new(ReferenceStatus.Variable, null,
                    $"'{o.Text}' depends on {plural} {names} without a value; {o.UnsetAdvice ?? "give it a value"}");
        }

        if (o.Problem is { } problem)
            return new(ReferenceStatus.Invalid, null, $"{shown}: {problem}");
        if (o.ExpansionError is { } expansionError)
            return new(ReferenceStatus.Invalid, null, $"{shown} cannot be expanded: {expansionError}");
        var text = o.Expanded ?? o.Text;
        if (text.Length == 0)
            return new(ReferenceStatus.Invalid, null, $"'{o.Text}' expands to an empty image name");
        if (!ImageReference.TryParseNormalized(text, out var reference, out var error))
            return new(ReferenceStatus.Invalid, null, $"{shown} is not a valid image reference: {error!.Message}");

        if (reference!.Digest is not null)
        {
            return reference.Tag is null
                ? new(ReferenceStatus.DigestOnly, reference, $"{shown} is pinned by digest but has no tag; write the tag before the digest (image:tag@{reference.Digest}) so readers and `imagepin update` know what it tracks")
                : new(ReferenceStatus.Pinned, reference, $"{shown} is pinned");
        }
        if (reference.Tag is null)
            return new(ReferenceStatus.Untagged, reference, $"{shown} has no tag, so Docker pulls ':latest', which changes with every release; run `imagepin pin` to pin it by digest");
        if (reference.Tag == "latest")
            return new(ReferenceStatus.Latest, reference, $"{shown} uses ':latest', which changes with every release; run `imagepin pin` to pin it by digest");
        return new(ReferenceStatus.Tag, reference, $"{shown} uses the mutable tag '{reference.Tag}'; run `imagepin pin` to pin it by digest");
    }

    private static ImageReference? Parse(string? text) =>
        text is not null && ImageReference.TryParseNormalized(text, out var reference, out _) ? reference : null;
}
