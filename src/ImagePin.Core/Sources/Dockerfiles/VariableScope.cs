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

    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArgDefault> defaults = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> buildArgs;
    private readonly VariableScope? globals;

    /// <param name="globals">For a stage: the global (pre-FROM) ARGs that an ARG without default inherits.</param>
    public VariableScope(IReadOnlyDictionary<string, string> buildArgs, VariableScope? globals)
    {
        this.buildArgs = buildArgs;
        this.globals = globals;
    }

    /// <summary>Declares <c>ARG name[=default]</c>; the default is already expanded by the caller.</summary>
    /// <param name="source">The declaration's default, when it has one.</param>
    public void DeclareArg(string name, string? expandedDefault, bool hasDefault, ArgDefault? source)
    {
        defaults.Remove(name);
        if (buildArgs.TryGetValue(name, out var given)) values[name] = given;
        else if (hasDefault)
        {
            values[name] = expandedDefault;
            if (source is not null) defaults[name] = source;
        }
        else if (globals is not null && globals.values.TryGetValue(name, out var inherited))
        {
            values[name] = inherited;
            if (globals.defaults.TryGetValue(name, out var inheritedSource)) defaults[name] = inheritedSource;
        }
        else values[name] = null;
    }

    public void SetEnv(string name, string value)
    {
        values[name] = value;
        defaults.Remove(name);
    }

    /// <summary>The ARG default that gave <paramref name="name"/> its current value, if that is where it came from.</summary>
    public ArgDefault? DefaultOf(string name) => defaults.GetValueOrDefault(name);

    /// <summary>The value for expansion, or null when unset. Only declared names (and given platform ARGs) count.</summary>
    public string? Lookup(string name)
    {
        if (values.TryGetValue(name, out var value)) return value;
        if (globals is null && PredefinedPlatformArgs.Contains(name) && buildArgs.TryGetValue(name, out var platform)) return platform;
        return null;
    }
}
