namespace ImagePin.Sources.Yaml;

/// <summary>The YAML file kinds that name images.</summary>
internal enum YamlFileKind
{
    None,
    Compose,
    Kubernetes,
    GitHubActions,
    GitLabCi,
}

/// <summary>Which kind of YAML file a path is, from its name and, for Kubernetes, its first bytes.</summary>
internal static class YamlFileKinds
{
    /// <summary>How much of a file <see cref="Detect"/> looks at for Kubernetes keys.</summary>
    public const int HeadLength = 64 * 1024;

    /// <param name="relativePath">The path relative to the scanned root, <c>/</c> or <c>\</c> separated.</param>
    /// <param name="head">The start of the file's text (up to <see cref="HeadLength"/> characters are read).</param>
    /// <remarks>
    /// GitHub Actions: a <c>.yml</c>/<c>.yaml</c> directly in <c>.github/workflows/</c>, or <c>action.yml</c>/<c>action.yaml</c>
    /// anywhere. GitLab CI: <c>.gitlab-ci.yml</c> (or <c>.yaml</c>) and <c>NAME.gitlab-ci.yml</c> templates; files reached
    /// through <c>include: local</c> are GitLab CI whatever their name, which only the caller knows. Compose:
    /// <c>compose.yaml</c>, <c>compose.yml</c>, <c>compose.*.y(a)ml</c>, <c>docker-compose*.y(a)ml</c>. Kubernetes: any
    /// other YAML file with <c>apiVersion:</c> and <c>kind:</c> keys at the start of a line. Names match without case.
    /// </remarks>
    public static YamlFileKind Detect(string relativePath, ReadOnlySpan<char> head)
    {
        var path = relativePath.Replace('\\', '/');
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var folder = slash < 0 ? "" : path[..slash];
        if (!HasYamlExtension(name)) return YamlFileKind.None;
        if (folder.Equals(".github/workflows", StringComparison.OrdinalIgnoreCase) || folder.EndsWith("/.github/workflows", StringComparison.OrdinalIgnoreCase)
            || name.Equals("action.yml", StringComparison.OrdinalIgnoreCase) || name.Equals("action.yaml", StringComparison.OrdinalIgnoreCase))
            return YamlFileKind.GitHubActions;
        if (name.EndsWith(".gitlab-ci.yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".gitlab-ci.yaml", StringComparison.OrdinalIgnoreCase))
            return YamlFileKind.GitLabCi;
        if (IsComposeName(name)) return YamlFileKind.Compose;
        return HasKubernetesKeys(head.Length > HeadLength ? head[..HeadLength] : head) ? YamlFileKind.Kubernetes : YamlFileKind.None;
    }

    public static bool IsComposeName(string name)
    {
        var stem = name[..name.LastIndexOf('.')];
        return stem.Equals("compose", StringComparison.OrdinalIgnoreCase)
            || stem.StartsWith("compose.", StringComparison.OrdinalIgnoreCase)
            || stem.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasYamlExtension(string name) =>
        name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>apiVersion:</c> and <c>kind:</c> each at the start of some line (a top-level key of some document).</summary>
    public static bool HasKubernetesKeys(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        bool apiVersion = false, kind = false;
        foreach (var line in text.EnumerateLines())
        {
            apiVersion |= line.StartsWith("apiVersion:", StringComparison.Ordinal);
            kind |= line.StartsWith("kind:", StringComparison.Ordinal);
            if (apiVersion && kind) return true;
        }
        return false;
    }
}
