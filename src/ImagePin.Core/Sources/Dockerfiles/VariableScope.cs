namespace ImagePin.Sources.Dockerfiles;

/// <summary>
/// The build arguments and environment visible at one point of a Dockerfile, with docker build's rules:
/// an ARG's value is its --build-arg override, else its default expanded in the scope so far;
/// an ARG with neither has no value. Predefined platform ARGs have a value only when given.
/// </summary>
internal sealed class VariableScope
{
    public static readonly IReadOnlySet<string> PredefinedPlatformArgs = new HashSet<string>(StringComparer.Ordinal)
    {
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    };

    // Made when first written: most stages declare few variables, many none.
    private Dictionary<string, string?>? values;
    private Dictionary<string, ArgDefault>? defaults;
    private Dictionary<string, IReadOnlyList<string>>? unsetCauses;
    private Dictionary<string, string>? environment;
    private readonly IReadOnlyDictionary<string, string> buildArgs;
    private readonly VariableScope? globals;

    /// <param name="globals">For a stage: the global (pre-FROM) ARGs that an ARG without default inherits.</param>
    public VariableScope(IReadOnlyDictionary<string, string> buildArgs, VariableScope? globals)
    {
        this.buildArgs = buildArgs;
        this.globals = globals;
        Lookups = Lookup;
    }

    /// <summary><see cref="Lookup"/> as a delegate, made once per scope rather than at every expansion.</summary>
    public Func<string, string?> Lookups { get; }

    /// <summary>A lookup where no variable has a value (ONBUILD triggers run in another build).</summary>
    public static Func<string, string?> NoVariables { get; } = static _ => null;

    private Dictionary<string, string?> Values => values ??= new(StringComparer.Ordinal);
    private Dictionary<string, ArgDefault> Defaults => defaults ??= new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyList<string>> UnsetCauses => unsetCauses ??= new(StringComparer.Ordinal);

    /// <summary>Declares <c>ARG name[=default]</c>; the default is already expanded by the caller.</summary>
    /// <param name="source">The declaration's default, when it has one.</param>
    /// <param name="unsetCause">When the default uses variables without a value: their names (the default then has no value either).</param>
    public void DeclareArg(string name, string? expandedDefault, bool hasDefault, ArgDefault? source, IReadOnlyList<string>? unsetCause = null)
    {
        defaults?.Remove(name);
        unsetCauses?.Remove(name);
        if (buildArgs.TryGetValue(name, out var given)) Values[name] = given;
        else if (hasDefault)
        {
            // An ARG with a default never inherits the global value, even when the default expands to nothing.
            Values[name] = expandedDefault;
            if (source is not null) Defaults[name] = source;
            if (expandedDefault is null && unsetCause is { Count: > 0 }) UnsetCauses[name] = unsetCause;
        }
        else if (globals?.values is { } globalValues && globalValues.TryGetValue(name, out var inherited))
        {
            Values[name] = inherited;
            if (globals.defaults is { } globalDefaults && globalDefaults.TryGetValue(name, out var inheritedSource)) Defaults[name] = inheritedSource;
            if (globals.unsetCauses is { } globalCauses && globalCauses.TryGetValue(name, out var inheritedCause)) UnsetCauses[name] = inheritedCause;
        }
        else Values[name] = null;
    }

    /// <summary>Starts with the ENV values a parent stage ended with (its ARGs do not carry over).</summary>
    public void InheritEnvironment(VariableScope parent)
    {
        if (parent.environment is null) return;
        foreach (var (name, value) in parent.environment) SetEnv(name, value);
    }

    public void SetEnv(string name, string value)
    {
        (environment ??= new(StringComparer.Ordinal))[name] = value;
        Values[name] = value;
        defaults?.Remove(name);
        unsetCauses?.Remove(name);
    }

    /// <summary>The variables without a value that left <paramref name="name"/> without one (itself when it simply has none).</summary>
    public IReadOnlyList<string> RootsOfUnset(string name) => unsetCauses is not null && unsetCauses.TryGetValue(name, out var causes) ? causes : [name];

    /// <summary>The ARG default that gave <paramref name="name"/> its current value, if that is where it came from.</summary>
    public ArgDefault? DefaultOf(string name) => defaults?.GetValueOrDefault(name);

    /// <summary><see cref="DefaultOf(string)"/> for a name within a larger text, without cutting it out.</summary>
    public ArgDefault? DefaultOf(ReadOnlySpan<char> name) =>
        defaults is not null && defaults.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var source) ? source : null;

    /// <summary>Whether some variable's value here came from an ARG default.</summary>
    public bool HasDefaults => defaults is { Count: > 0 };

    /// <summary>
    /// How to give <paramref name="name"/> a value, in BuildKit's terms: platform ARGs are set by BuildKit itself; a
    /// global ARG with a value reaches a stage only when the stage declares it; otherwise an ARG default or --build-arg.
    /// </summary>
    public string AdviceFor(string name)
    {
        if (PredefinedPlatformArgs.Contains(name))
            return $"BuildKit sets {name} from the build's platform; pass --build-arg {name}=… to check for one platform";
        if (globals?.values is { } globalValues && !(values?.ContainsKey(name) ?? false) && globalValues.TryGetValue(name, out var global) && global is not null)
            return $"the global ARG {name} has a value, but a stage sees it only after declaring it: add 'ARG {name}' to this stage";
        return $"give the ARG a default or pass --build-arg {name}=…";
    }

    /// <summary>The value for expansion, or null when unset. Only declared names (and given platform ARGs) count.</summary>
    public string? Lookup(string name)
    {
        if (values is not null && values.TryGetValue(name, out var value)) return value;
        if (globals is null && PredefinedPlatformArgs.Contains(name) && buildArgs.TryGetValue(name, out var platform)) return platform;
        return null;
    }
}
