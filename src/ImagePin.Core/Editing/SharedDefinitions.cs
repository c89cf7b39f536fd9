using ImagePin.Sources;

namespace ImagePin.Editing;

/// <summary>
/// A definition (an ARG default, later a YAML anchor) may supply several references. A digest written there
/// reaches every one of them, so it must not be written when one of them is suppressed.
/// </summary>
internal static class SharedDefinitions
{
    /// <summary>Definitions that also supply a suppressed reference, with that reference's line.</summary>
    public static Dictionary<Definition, int> WithSuppressedUsers(IEnumerable<ImageOccurrence> occurrences)
    {
        var users = new Dictionary<Definition, int>();
        foreach (var o in occurrences)
            if (o.Suppression is not null && o.Edit is EditSite.Literal { Definition: { } d })
                users.TryAdd(d, o.Location.Line);
        return users;
    }

    public static string SuppressedUserReason(Definition definition, int line) =>
        $"{definition.Name} also supplies the reference on line {line}, which '# imagepin:ignore' suppresses; a digest written there would pin that one too, so it is not rewritten";
}
