using System.Text.Json;

namespace ImagePin.Registry.Credentials;

/// <summary>
/// The credential parts of Docker's config.json or a containers auth.json: <c>auths</c>, <c>credHelpers</c>, <c>credsStore</c>.
/// Other settings in the file are ignored.
/// </summary>
internal sealed class AuthConfigFile
{
    private AuthConfigFile(string path, IReadOnlyList<StoredAuth> auths, IReadOnlyDictionary<string, string> credHelpers, string? credsStore)
    {
        Path = path;
        Auths = auths;
        CredHelpers = credHelpers;
        CredsStore = credsStore;
    }

    public string Path { get; }

    public IReadOnlyList<StoredAuth> Auths { get; }

    /// <summary>Normalised registry host → helper name (the part after <c>docker-credential-</c>).</summary>
    public IReadOnlyDictionary<string, string> CredHelpers { get; }

    public string? CredsStore { get; }

    /// <summary>Null when the file does not exist.</summary>
    /// <param name="keepNamespaces">containers-auth.json keys may name a namespace or repository; Docker's may not.</param>
    public static AuthConfigFile? Load(string path, bool keepNamespaces)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialException($"{path}: cannot be read: {e.Message}", e);
        }
        // Editors on Windows may add a byte order mark; JsonDocument does not skip it.
        var json = bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
        if (json.Span.Trim(" \r\n\t"u8).IsEmpty)
            return new AuthConfigFile(path, [], new Dictionary<string, string>(), null);

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            return FromJson(path, document.RootElement, keepNamespaces);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $":{line + 1}:{e.BytePositionInLine + 1}" : "";
            throw new CredentialException($"{path}{where}: malformed JSON", e);
        }
    }

    private static AuthConfigFile FromJson(string path, JsonElement root, bool keepNamespaces)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new CredentialException($"{path}: expected a JSON object at the top level");

        var auths = new List<StoredAuth>();
        if (OptionalObject(path, root, "auths") is { } authsObject)
        {
            foreach (var entry in authsObject.EnumerateObject())
            {
                var field = $"auths[\"{entry.Name}\"]";
                if (entry.Value.ValueKind != JsonValueKind.Object)
                    throw new CredentialException($"{path}: {field} must be an object");
                auths.Add(new StoredAuth(
                    entry.Name,
                    RegistryKey.Parse(entry.Name, keepNamespaces),
                    OptionalString(path, entry.Value, "auth", field),
                    OptionalString(path, entry.Value, "username", field),
                    OptionalString(path, entry.Value, "password", field),
                    OptionalString(path, entry.Value, "identitytoken", field)));
            }
        }

        var helpers = new Dictionary<string, string>();
        if (OptionalObject(path, root, "credHelpers") is { } helpersObject)
        {
            foreach (var entry in helpersObject.EnumerateObject())
            {
                var name = OptionalString(path, helpersObject, entry.Name, "credHelpers");
                if (!string.IsNullOrEmpty(name))
                    helpers.TryAdd(RegistryKey.Parse(entry.Name, keepNamespace: false).Host, name);
            }
        }

        var store = OptionalString(path, root, "credsStore", null);
        return new AuthConfigFile(path, auths, helpers, string.IsNullOrEmpty(store) ? null : store);
    }

    private static JsonElement? OptionalObject(string path, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
            throw new CredentialException($"{path}: \"{name}\" must be an object");
        return value;
    }

    private static string? OptionalString(string path, JsonElement parent, string name, string? parentField)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new CredentialException($"{path}: {(parentField is null ? "" : parentField + ".")}{name} must be a string");
        return value.GetString();
    }
}
