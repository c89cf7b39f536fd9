using ImagePin.Sources.Dockerfiles.Shell;
using ImagePin.Sources.Dockerfiles.Syntax;

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
    private readonly List<Collected> occurrences = [];
    private readonly Dictionary<ArgDefault, int> usesOfDefault = [];
    private readonly HashSet<string> allStageNames;
    private readonly int stageCount;
    private readonly HashSet<string> earlierStageNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VariableScope> stageScopes = new(StringComparer.OrdinalIgnoreCase);
    private readonly VariableScope globals;
    private VariableScope? stage;

    private DockerfileImageCollector(DockerfileDocument document, IReadOnlyDictionary<string, string> buildArgs)
    {
        this.document = document;
        this.buildArgs = buildArgs;
        expander = ShellWordExpander.For(document.EscapeChar);
        suppressions = Suppressions.From(document);
        globals = new VariableScope(buildArgs, null);
        allStageNames = StageNames(document);
        stageCount = document.Instructions.Count(i => i.Name == "from");
    }

    public static IReadOnlyList<ImageOccurrence> Collect(DockerfileDocument document, IReadOnlyDictionary<string, string> buildArgs) =>
        Collect(document, buildArgs, out _);

    /// <param name="suppressions">The file's <c># imagepin:</c> comments, read once for the collection and the warnings.</param>
    public static IReadOnlyList<ImageOccurrence> Collect(DockerfileDocument document, IReadOnlyDictionary<string, string> buildArgs, out Suppressions suppressions)
    {
        var collector = new DockerfileImageCollector(document, buildArgs);
        collector.Run();
        suppressions = collector.suppressions;
        return DockerfileEditSites.Assign(collector.occurrences, collector.usesOfDefault, buildArgs);
    }

    /// <summary>An occurrence with what the edit sites need to know about the variable that supplies it.</summary>
    /// <param name="WholeArg">Set when the text is exactly one variable (<c>$BASE</c>, <c>${BASE}</c>) whose value came from an ARG default.</param>
    /// <param name="WholeVariableWithoutDefault">Set when the text is exactly one variable whose value came from elsewhere (a --build-arg, an ENV); the name.</param>
    internal sealed record Collected(ImageOccurrence Occurrence, ArgDefault? WholeArg = null, string? WholeVariableWithoutDefault = null);

    private void Run()
    {
        foreach (var directive in document.Directives)
            if (directive.Name == "syntax" && directive.Value.Length > 0)
            {
                AddImage(DockerfileContexts.Syntax, directive.Value, Location(directive.ValueSpan), scope: null, stageNames: null, directive.Line);
                occurrences[^1] = occurrences[^1] with
                {
                    Occurrence = occurrences[^1].Occurrence with { IndexOnly = "the syntax frontend runs on the machine that builds, whatever the target platform" },
                };
            }

        foreach (var instruction in document.Instructions)
        {
            if (instruction.Name != "onbuild") CountUses(instruction);
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
        AddImage(DockerfileContexts.From, image.Value, Location(image.Span), globals, earlierStageNames, from.StartLine);
        if (PlatformFlag(from) is { } platform) occurrences[^1] = occurrences[^1] with { Occurrence = WithPlatform(occurrences[^1].Occurrence, platform) };
        stage = new VariableScope(buildArgs, globals);
        // A stage built on an earlier stage starts with that stage's environment (ENV), not its ARGs.
        if (occurrences[^1].Occurrence is { Target: OccurrenceTarget.Stage, Expanded: { } parentName } && stageScopes.TryGetValue(parentName, out var parent))
            stage.InheritEnvironment(parent);
        if (from.StageName() is { } name)
        {
            earlierStageNames.Add(name);
            stageScopes[name] = stage;
        }
    }

    private static string? PlatformFlag(Instruction from) =>
        from.Flags.FirstOrDefault(f => f.Name.Equals("platform", StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>
    /// A literal <c>FROM --platform</c> says which platform's image the stage uses; one that BuildKit fills in at
    /// build time ($BUILDPLATFORM, $TARGETPLATFORM, or a variable without a value) fits only a multi-platform digest.
    /// </summary>
    private ImageOccurrence WithPlatform(ImageOccurrence o, string written)
    {
        string? value;
        try
        {
            var expanded = expander.ProcessWord(written, globals.Lookups);
            value = UnsetVariables.Find(expander, written, globals.Lookups, expanded.Unmatched).Count == 0 ? expanded.Value : null;
        }
        catch (ShellExpansionException) { value = null; }
        return value is { Length: > 0 }
            ? o with { Platform = value }
            : o with { IndexOnly = $"the stage's platform ({written}) is decided at build time, so only the multi-platform index digest fits every build" };
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
            ArgDefault? source = null;
            IReadOnlyList<string>? cause = null;
            if (eq >= 0)
            {
                // A default that uses an unset variable has no usable value: report the variables it lacks.
                try
                {
                    var expanded = expander.ProcessWord(text[(eq + 1)..], scope.Lookups);
                    var unset = UnsetVariables.Find(expander, text[(eq + 1)..], scope.Lookups, expanded.Unmatched);
                    if (unset.Count == 0) value = expanded.Value;
                    else cause = unset.SelectMany(scope.RootsOfUnset).Distinct().ToList();
                }
                catch (ShellExpansionException) { value = null; }
                if (eq + 1 < text.Length)
                    source = new ArgDefault(name, text[(eq + 1)..], Location(word.SpanOf(eq + 1, text.Length - eq - 1)));
            }
            scope.DeclareArg(name, value, hasDefault: eq >= 0, source, cause);
        }
    }

    private void Env(Instruction env)
    {
        if (stage is null) return;
        // ENV arguments come in (key, value, separator) triples, values as written.
        for (var i = 0; i + 1 < env.Arguments.Count; i += 3)
        {
            try { stage.SetEnv(env.Arguments[i].Value, expander.ProcessWord(env.Arguments[i + 1].Value, stage.Lookups).Value); }
            catch (ShellExpansionException) { }
        }
    }

    private void Dependencies(Instruction instruction, int suppressionLine, bool inTrigger)
    {
        var scope = inTrigger ? null : stage ?? globals;
        var stages = inTrigger ? null : allStageNames;
        foreach (var flag in instruction.Flags)
        {
            if (flag.Value is null || flag.ValueSpan is null) continue;
            if (flag.Name.Equals("from", StringComparison.OrdinalIgnoreCase) && instruction.Name == "copy")
            {
                var (written, span) = AsWritten(flag, flag.ValueSpan.Value, flag.Value);
                AddImage(DockerfileContexts.CopyFrom, written, Location(span), scope, stages, suppressionLine, allowIndex: true);
            }
            else if (flag.Name.Equals("mount", StringComparison.OrdinalIgnoreCase) && instruction.Name == "run"
                     && MountFromOption.Find(flag.Value) is { } range && range.Length > 0)
            {
                var (written, span) = AsWritten(flag, flag.SpanOf(range.Start, range.Length), flag.Value.Substring(range.Start, range.Length));
                AddImage(DockerfileContexts.MountFrom, written, Location(span), scope, stages, suppressionLine, allowIndex: true);
            }
        }
    }

    /// <summary>
    /// Flag values come with quotes removed; the report must show the characters as written. The value's span
    /// maps its first and last characters, so a quote just outside it (<c>--from="alpine":3</c>) is taken in when
    /// that keeps the quotes balanced. A value split by a line continuation keeps its logical text.
    /// </summary>
    private (string Text, SourceSpan Span) AsWritten(InstructionFlag flag, SourceSpan span, string logical)
    {
        if (span.StartLine != span.EndLine) return (logical, span);
        var text = document.Text;
        var canStart = span.Start > flag.Span.Start && text[span.Start - 1] is '"' or '\'';
        var canEnd = span.End < text.Length && text[span.End] is '"' or '\'';
        foreach (var (before, after) in new[] { (canStart, canEnd), (canStart, false), (false, canEnd), (false, false) })
        {
            var start = span.Start - (before ? 1 : 0);
            var length = span.Length + (before ? 1 : 0) + (after ? 1 : 0);
            var slice = text.Substring(start, length);
            if (!Balanced(slice)) continue;
            return (slice, span with
            {
                Start = start, Length = length,
                StartColumn = span.StartColumn - (before ? 1 : 0), EndColumn = span.EndColumn + (after ? 1 : 0),
            });
        }
        return (logical, span);
    }

    private static bool Balanced(string s) => s.Count(c => c == '"') % 2 == 0 && s.Count(c => c == '\'') % 2 == 0;

    private void AddImage(string context, string text, TextLocation location, VariableScope? scope,
        IReadOnlySet<string>? stageNames, int suppressionLine, bool allowIndex = false)
    {
        var lookup = scope is null ? VariableScope.NoVariables : scope.Lookups;
        var suppression = suppressions.For(suppressionLine);
        var whole = WholeVariableName(text);
        ExpandedWord expanded;
        try
        {
            expanded = expander.ProcessWord(text, lookup);
        }
        catch (ShellExpansionException e)
        {
            occurrences.Add(new(new ImageOccurrence(context, text, location, OccurrenceTarget.Image, null, [], suppression, e.Message)));
            return;
        }
        var unset = UnsetVariables.Find(expander, text, lookup, expanded.Unmatched);
        if (scope is not null && unset.Count > 0)
            unset = unset.SelectMany(scope.RootsOfUnset).Distinct().Order(StringComparer.Ordinal).ToList();
        if (unset.Count > 0)
        {
            occurrences.Add(new(new ImageOccurrence(context, text, location, OccurrenceTarget.Unresolved, null, unset, suppression)
            {
                UnsetAdvice = scope?.AdviceFor(unset[0]) ?? $"give the ARG a default or pass --build-arg {unset[0]}=…",
            }));
            return;
        }
        var value = expanded.Value;
        var target = OccurrenceTarget.Image;
        if (stageNames is not null && stageNames.Contains(value)) target = OccurrenceTarget.Stage;
        else if (allowIndex && value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(value, out var index) || index >= stageCount)
            {
                occurrences.Add(new(new ImageOccurrence(context, text, location, OccurrenceTarget.Image, value, [], suppression)
                {
                    Problem = $"there is no stage {value}: stages are numbered from 0 and this file has {stageCount}",
                }));
                return;
            }
            target = OccurrenceTarget.Stage;
        }
        else if (value == Scratch && context == DockerfileContexts.From) target = OccurrenceTarget.Scratch;
        var occurrence = new ImageOccurrence(context, text, location, target, value, [], suppression)
        {
            TargetDescription = target == OccurrenceTarget.Stage ? "a build stage of this Dockerfile" : null,
        };
        var wholeDefault = whole is null ? null : scope?.DefaultOf(whole);
        occurrences.Add(new(occurrence, wholeDefault, whole is not null && wholeDefault is null ? whole : null));
    }

    /// <summary>The name when the text is exactly <c>$NAME</c> or <c>${NAME}</c>.</summary>
    private static string? WholeVariableName(string text)
    {
        if (text.Length < 2 || text[0] != '$') return null;
        var name = text.Length > 3 && text[1] == '{' && text[^1] == '}' ? text[2..^1] : text[1..];
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return null;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return null;
        return name;
    }

    /// <summary>
    /// Counts the uses (<c>$NAME</c>, <c>${NAME…}</c>) in one instruction of each ARG default they get their value from.
    /// A name the instruction's scope does not declare expands to nothing in BuildKit: that is no use of anything.
    /// </summary>
    private void CountUses(Instruction instruction)
    {
        var scope = instruction.Name == "from" ? globals : stage ?? globals;
        // No ARG with a default in scope (most instructions): nothing to count, no name to cut out.
        if (!scope.HasDefaults) return;
        var text = document.Text;
        var end = instruction.Span.Start + instruction.Span.Length;
        for (var i = text.IndexOf('$', instruction.Span.Start, instruction.Span.Length); i >= 0 && i < end; i = i + 1 < end ? text.IndexOf('$', i + 1, end - i - 1) : -1)
        {
            var start = i + 1 < end && text[i + 1] == '{' ? i + 2 : i + 1;
            var nameEnd = start;
            while (nameEnd < end && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] == '_')) nameEnd++;
            if (nameEnd == start || char.IsAsciiDigit(text[start])) continue;
            if (scope.DefaultOf(text.AsSpan(start, nameEnd - start)) is { } source) usesOfDefault[source] = usesOfDefault.GetValueOrDefault(source) + 1;
        }
    }

    private static HashSet<string> StageNames(DockerfileDocument document)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var i in document.Instructions)
            if (i.StageName() is { } name) names.Add(name);
        return names;
    }

    private static TextLocation Location(SourceSpan span) =>
        new(span.Start, span.Length, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);
}
