using ImagePin.Dockerfiles.Shell;
using ImagePin.Dockerfiles.Syntax;
using ImagePin.Findings;

namespace ImagePin.Sources.Dockerfiles;

/// <summary>
/// Walks a parsed Dockerfile the way BuildKit dispatches it and lists every place that names an image:
/// the <c># syntax=</c> frontend, <c>FROM</c>, <c>COPY --from</c> (also in ONBUILD) and <c>RUN --mount=…,from=</c>.
/// </summary>
internal sealed class DockerfileImageCollector
{
    private const string Scratch = "scratch";

    private readonly DockerfileDocument document;
    private readonly IReadOnlyDictionary<string, string> buildArgs;
    private readonly ShellWordExpander expander;
    private readonly Suppressions suppressions;
    private readonly List<ImageOccurrence> occurrences = [];
    private readonly HashSet<string> allStageNames;
    private readonly HashSet<string> earlierStageNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly VariableScope globals;
    private VariableScope? stage;

    private DockerfileImageCollector(DockerfileDocument document, IReadOnlyDictionary<string, string> buildArgs)
    {
        this.document = document;
        this.buildArgs = buildArgs;
        expander = new ShellWordExpander(document.EscapeChar);
        suppressions = Suppressions.From(document);
        globals = new VariableScope(buildArgs, null);
        allStageNames = StageNames(document);
    }

    public static IReadOnlyList<ImageOccurrence> Collect(DockerfileDocument document, IReadOnlyDictionary<string, string> buildArgs)
    {
        var collector = new DockerfileImageCollector(document, buildArgs);
        collector.Run();
        return collector.occurrences;
    }

    private void Run()
    {
        foreach (var directive in document.Directives)
            if (directive.Name == "syntax" && directive.Value.Length > 0)
                AddImage(ReferenceContext.Syntax, directive.Value, Location(directive.ValueSpan), _ => null, stageNames: null, directive.Line);

        foreach (var instruction in document.Instructions)
        {
            switch (instruction.Name)
            {
                case "from": From(instruction); break;
                case "arg": Arg(instruction); break;
                case "env": Env(instruction); break;
                case "copy":
                case "add":
                case "run":
                    Dependencies(instruction, instruction.StartLine, inTrigger: false);
                    break;
                case "onbuild" when instruction.Trigger is { } trigger:
                    // Triggers run in a downstream build: no variables or stage names of this file apply there.
                    Dependencies(trigger, instruction.StartLine, inTrigger: true);
                    break;
            }
        }
    }

    private void From(Instruction from)
    {
        if (from.Arguments.Count == 0) return;
        var image = from.Arguments[0];
        AddImage(ReferenceContext.From, image.Value, Location(image.Span), globals.Lookup, earlierStageNames, from.StartLine);
        if (from.Arguments.Count >= 3 && from.Arguments[1].Value.Equals("as", StringComparison.OrdinalIgnoreCase))
            earlierStageNames.Add(from.Arguments[2].Value);
        stage = new VariableScope(buildArgs, globals);
    }

    private void Arg(Instruction arg)
    {
        var scope = stage ?? globals;
        foreach (var word in arg.Arguments)
        {
            var text = word.Value;
            var eq = text.IndexOf('=');
            var name = eq < 0 ? text : text[..eq];
            string? value = null;
            if (eq >= 0)
            {
                // A default that uses an unset variable has no usable value: report the ARG as unset.
                try
                {
                    var expanded = expander.ProcessWord(text[(eq + 1)..], scope.Lookup);
                    value = UnsetVariables.Find(expander, text[(eq + 1)..], scope.Lookup, expanded.Unmatched).Count == 0 ? expanded.Value : null;
                }
                catch (ShellExpansionException) { value = null; }
            }
            scope.DeclareArg(name, value, hasDefault: eq >= 0 && value is not null);
        }
    }

    private void Env(Instruction env)
    {
        if (stage is null) return;
        // ENV arguments come in (key, value, separator) triples, values as written.
        for (var i = 0; i + 1 < env.Arguments.Count; i += 3)
        {
            try { stage.SetEnv(env.Arguments[i].Value, expander.ProcessWord(env.Arguments[i + 1].Value, stage.Lookup).Value); }
            catch (ShellExpansionException) { }
        }
    }

    private void Dependencies(Instruction instruction, int suppressionLine, bool inTrigger)
    {
        Func<string, string?> lookup = inTrigger ? _ => null : (stage ?? globals).Lookup;
        var stages = inTrigger ? null : allStageNames;
        foreach (var flag in instruction.Flags)
        {
            if (flag.Value is null || flag.ValueSpan is null) continue;
            if (flag.Name.Equals("from", StringComparison.OrdinalIgnoreCase) && instruction.Name == "copy")
            {
                AddImage(ReferenceContext.CopyFrom, flag.Value, Location(flag.ValueSpan.Value), lookup, stages, suppressionLine, allowIndex: true);
            }
            else if (flag.Name.Equals("mount", StringComparison.OrdinalIgnoreCase) && instruction.Name == "run"
                     && MountFromOption.Find(flag.Value) is { } range && range.Length > 0)
            {
                var text = flag.Value.Substring(range.Start, range.Length);
                AddImage(ReferenceContext.MountFrom, text, Location(flag.SpanOf(range.Start, range.Length)), lookup, stages, suppressionLine, allowIndex: true);
            }
        }
    }

    private void AddImage(ReferenceContext context, string text, TextLocation location, Func<string, string?> lookup,
        IReadOnlySet<string>? stageNames, int suppressionLine, bool allowIndex = false)
    {
        var suppression = suppressions.For(suppressionLine);
        ExpandedWord expanded;
        try
        {
            expanded = expander.ProcessWord(text, lookup);
        }
        catch (ShellExpansionException e)
        {
            occurrences.Add(new ImageOccurrence(context, text, location, OccurrenceTarget.Image, null, [], suppression, e.Message));
            return;
        }
        var unset = UnsetVariables.Find(expander, text, lookup, expanded.Unmatched);
        if (unset.Count > 0)
        {
            occurrences.Add(new ImageOccurrence(context, text, location, OccurrenceTarget.Unresolved, null, unset, suppression));
            return;
        }
        var value = expanded.Value;
        var target = OccurrenceTarget.Image;
        if (stageNames is not null && stageNames.Contains(value)) target = OccurrenceTarget.Stage;
        else if (allowIndex && value.Length > 0 && value.All(char.IsAsciiDigit)) target = OccurrenceTarget.Stage;
        else if (value == Scratch && context == ReferenceContext.From) target = OccurrenceTarget.Scratch;
        occurrences.Add(new ImageOccurrence(context, text, location, target, value, [], suppression));
    }

    private static HashSet<string> StageNames(DockerfileDocument document)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var i in document.Instructions)
            if (i.Name == "from" && i.Arguments.Count >= 3 && i.Arguments[1].Value.Equals("as", StringComparison.OrdinalIgnoreCase))
                names.Add(i.Arguments[2].Value);
        return names;
    }

    private static TextLocation Location(SourceSpan span) =>
        new(span.Start, span.Length, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);
}
