namespace ImagePin.Sources.Dockerfiles.Syntax;

/// <summary>
/// The cheap instruction-level checks BuildKit makes after parsing (its instructions package):
/// unknown instructions and flags, argument counts, forbidden ONBUILD triggers. Messages are
/// BuildKit's. Every problem is reported, not only the first.
/// </summary>
internal static class DockerfileValidator
{
    private static readonly Dictionary<string, string[]> AllowedFlags = new(StringComparer.Ordinal)
    {
        ["from"] = ["platform"],
        ["run"] = ["mount", "network", "security", "device"],
        ["copy"] = ["from", "chown", "chmod", "link", "parents", "exclude"],
        ["add"] = ["chown", "chmod", "link", "keep-git-dir", "checksum", "unpack", "exclude", "parents"],
        ["healthcheck"] = ["interval", "timeout", "start-period", "start-interval", "retries"],
    };

    public static IReadOnlyList<DockerfileSyntaxError> Validate(DockerfileDocument document)
    {
        var errors = new List<DockerfileSyntaxError>();
        foreach (var instruction in document.Instructions) Check(instruction, errors);
        return errors;
    }

    private static void Check(Instruction instruction, List<DockerfileSyntaxError> errors)
    {
        if (!instruction.IsKnown)
        {
            errors.Add(At(instruction.KeywordSpan, $"unknown instruction: {instruction.Keyword}"));
            return;
        }
        foreach (var flag in instruction.Flags)
            if (!AllowedFlags.TryGetValue(instruction.Name, out var allowed) || !allowed.Contains(flag.Name))
                errors.Add(At(flag.Span, $"unknown flag: --{flag.Name}"));
        if (ArgumentCountError(instruction) is { } message)
            errors.Add(At(instruction.KeywordSpan, message));
        if (instruction.Trigger is { } trigger)
        {
            if (trigger.Name == "onbuild")
                errors.Add(At(trigger.KeywordSpan, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
            else if (trigger.Name is "from" or "maintainer")
                errors.Add(At(trigger.KeywordSpan, $"{trigger.Name.ToUpperInvariant()} isn't allowed as an ONBUILD trigger"));
            else
                Check(trigger, errors);
        }
    }

    private static string? ArgumentCountError(Instruction instruction)
    {
        // Upper-cased only for a message: most instructions have none.
        string Upper() => instruction.Name.ToUpperInvariant();
        var count = instruction.Arguments.Count;
        switch (instruction.Name)
        {
            case "maintainer" or "workdir" or "user" or "stopsignal" when count != 1:
                return $"{Upper()} requires exactly one argument";
            case "env" or "label" or "expose" or "volume" or "healthcheck" or "arg" when count == 0:
            case "onbuild" when instruction.Trigger == null:
                return $"{Upper()} requires at least one argument";
            case "add" or "copy" when count < 2:
                return $"{Upper()} requires at least two arguments, but only one was provided. Destination could not be determined";
            case "from" when count != 1 && !(count == 3 && instruction.StageName() is not null):
                return "FROM requires either one or three arguments";
            case "env" or "label" when HasBlankKey(instruction):
                return $"{Upper()} names can not be blank";
            case "shell" when count == 0:
                return "SHELL requires at least one argument";
            case "shell" when !instruction.IsJsonForm:
                return "SHELL requires the arguments to be in JSON form";
            default:
                return null;
        }
    }

    // ENV and LABEL arguments are (key, value, separator) triples.
    private static bool HasBlankKey(Instruction instruction)
    {
        for (var i = 0; i < instruction.Arguments.Count; i += 3)
            if (instruction.Arguments[i].Value.Length == 0) return true;
        return false;
    }

    private static DockerfileSyntaxError At(SourceSpan span, string message) => new(message, span.StartLine, span.StartColumn);
}
