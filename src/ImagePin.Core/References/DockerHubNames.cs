namespace ImagePin.References;

/// <summary>Docker's rules for names without an explicit registry: Docker Hub, and <c>library/</c> for official images.</summary>
internal static class DockerHubNames
{
    internal const string Domain = "docker.io";
    internal const string LegacyDomain = "index.docker.io";
    internal const string OfficialPrefix = "library/";
    private const string Localhost = "localhost";

    /// <summary>The registry a reference text names, where its repository starts, and whether <c>library/</c> goes in front.</summary>
    internal readonly record struct Split(string Domain, int RemainderStart, bool AddsOfficialPrefix);

    /// <summary>
    /// Decides the registry as the Docker CLI does: the first '/'-separated part is a registry only
    /// when it is <c>localhost</c>, contains '.' or ':', or has upper case (which a repository may not);
    /// otherwise the text is a Docker Hub repository.
    /// </summary>
    internal static Split SplitDomain(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) return new Split(Domain, 0, true);
        var first = text.AsSpan(0, slash);
        string domain;
        var remainderStart = slash + 1;
        if (first.SequenceEqual(Localhost)) domain = Localhost;
        else if (first.SequenceEqual(LegacyDomain) || first.SequenceEqual(Domain)) domain = Domain;
        else if (first.ContainsAny('.', ':') || HasUpperCase(first)) domain = text[..slash];
        else
        {
            domain = Domain;
            remainderStart = 0;
        }
        var addsOfficialPrefix = domain == Domain && text.IndexOf('/', remainderStart) < 0;
        return new Split(domain, remainderStart, addsOfficialPrefix);
    }

    /// <summary>Registry and repository of a bare repository name, by <see cref="SplitDomain"/>.</summary>
    internal static (string Registry, string Repository) RegistryAndRepository(string name)
    {
        var split = SplitDomain(name);
        var remainder = name[split.RemainderStart..];
        return (split.Domain, split.AddsOfficialPrefix ? OfficialPrefix + remainder : remainder);
    }

    /// <summary>The short name Docker shows: no <c>docker.io/</c>, and no <c>library/</c> for single-level official images.</summary>
    internal static string FamiliarName(string registry, string repository)
    {
        if (registry != Domain) return registry + "/" + repository;
        if (repository.StartsWith(OfficialPrefix, StringComparison.Ordinal) && repository.IndexOf('/', OfficialPrefix.Length) < 0)
            return repository[OfficialPrefix.Length..];
        return repository;
    }

    internal static int FirstUpperCase(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
            if (char.ToLowerInvariant(text[i]) != text[i]) return i;
        return -1;
    }

    private static bool HasUpperCase(ReadOnlySpan<char> text) => FirstUpperCase(text) >= 0;
}
