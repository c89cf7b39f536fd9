using System.Text;
using System.Text.Json;
using ImagePin.Audit.Packages;

namespace ImagePin.Audit.Sbom;

/// <summary>
/// Reads a BuildKit SBOM attestation layer (<c>application/vnd.in-toto+json</c>): an in-toto
/// Statement (v0.1 or v1) whose predicate is an SPDX 2.2/2.3 JSON document. A DSSE envelope
/// around the statement is unwrapped. OS packages come from their <c>pkg:deb</c> / <c>pkg:apk</c>
/// purls; the source package from the purl's <c>upstream</c> qualifier, else SPDX <c>sourceInfo</c>.
/// </summary>
internal static class SbomAttestationParser
{
    public const int MaxBytes = 256 * 1024 * 1024;
    public const int MaxPackages = 500_000;
    public const string SpdxPredicate = "https://spdx.dev/Document";
    private static readonly string[] StatementTypes = ["https://in-toto.io/Statement/v0.1", "https://in-toto.io/Statement/v1"];
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static SbomContents Parse(ReadOnlyMemory<byte> layer)
    {
        if (layer.Length > MaxBytes) throw new SbomFormatException($"SBOM attestation is {layer.Length} bytes, over the {MaxBytes}-byte limit");
        try
        {
            using var document = JsonDocument.Parse(layer, Options);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && Text(root, "payloadType") != null && Text(root, "payload") is { } payload)
                return Parse(Unwrap(payload));
            return ReadStatement(root);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // invalid UTF-8 in a string surfaces when it is read
        {
            throw new SbomFormatException($"SBOM attestation is not valid JSON ({e.Message})", e);
        }
    }

    private static byte[] Unwrap(string payload)
    {
        try
        {
            return Convert.FromBase64String(payload);
        }
        catch (FormatException e)
        {
            throw new SbomFormatException("DSSE envelope payload is not base64", e);
        }
    }

    private static SbomContents ReadStatement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new SbomFormatException("an in-toto statement must be a JSON object");
        var type = Text(root, "_type");
        if (!StatementTypes.Contains(type, StringComparer.Ordinal))
            throw new SbomFormatException($"not an in-toto statement (_type '{type ?? "(none)"}')");
        var predicateType = Text(root, "predicateType");
        if (predicateType == null || !(predicateType == SpdxPredicate || predicateType.StartsWith(SpdxPredicate + "/v2.", StringComparison.Ordinal)))
            throw new SbomFormatException($"not an SPDX SBOM attestation (predicateType '{predicateType ?? "(none)"}')");
        if (!root.TryGetProperty("predicate", out var spdx) || spdx.ValueKind != JsonValueKind.Object)
            throw new SbomFormatException("the statement has no SPDX document in 'predicate'");
        var spdxVersion = Text(spdx, "spdxVersion");
        if (spdxVersion is not ("SPDX-2.2" or "SPDX-2.3"))
            throw new SbomFormatException($"unsupported SPDX version '{spdxVersion ?? "(none)"}' (2.2 and 2.3 are read)");
        return ReadPackages(spdx, spdxVersion);
    }

    private static SbomContents ReadPackages(JsonElement spdx, string spdxVersion)
    {
        if (!spdx.TryGetProperty("packages", out var list)) return new SbomContents(spdxVersion, [], null, null, new Dictionary<string, int>());
        if (list.ValueKind != JsonValueKind.Array) throw new SbomFormatException("SPDX 'packages' must be an array");
        if (list.GetArrayLength() > MaxPackages) throw new SbomFormatException($"SPDX document lists more than {MaxPackages} packages");
        var packages = new List<InstalledPackage>();
        var seen = new HashSet<InstalledPackage>();
        var others = new SortedDictionary<string, int>(StringComparer.Ordinal);
        OsRelease? distro = null, declared = null;
        foreach (var entry in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            // An operating-system package (apko, and tools following it) is the generator's reading of os-release.
            if (Text(entry, "primaryPackagePurpose") is "OPERATING-SYSTEM" or "OPERATING_SYSTEM" && Text(entry, "name") is { Length: > 0 } osName)
            {
                declared ??= PurlDistro.Declared(osName, Text(entry, "versionInfo"));
                continue;
            }
            var purl = PurlOf(entry);
            var kind = purl?.Type switch { "deb" => PackageKind.Deb, "apk" => PackageKind.Apk, _ => (PackageKind?)null };
            var package = kind is { } k && purl != null ? ToPackage(k, purl, entry) : null;
            if (package == null)
            {
                var key = purl?.Type ?? "(no purl)";
                others[key] = others.GetValueOrDefault(key) + 1;
                continue;
            }
            distro ??= PurlDistro.From(purl!);
            if (seen.Add(package)) packages.Add(package);
        }
        return new SbomContents(spdxVersion, packages, distro, declared, others);
    }

    private static InstalledPackage? ToPackage(PackageKind kind, PackageUrl purl, JsonElement entry)
    {
        var version = purl.Version ?? Text(entry, "versionInfo");
        if (string.IsNullOrEmpty(version)) return null;
        var (sourceName, sourceVersion) = Upstream(purl) ?? BuiltFrom(Text(entry, "sourceInfo")) ?? (purl.Name, null);
        return new InstalledPackage(kind, purl.Name, version, sourceName, sourceVersion ?? version, purl.Qualifier("arch"));
    }

    // upstream=openssl, or upstream=bash@5.2.15-2 (percent-encoded) when the source version differs.
    private static (string Name, string? Version)? Upstream(PackageUrl purl)
    {
        if (purl.Qualifier("upstream") is not { } upstream) return null;
        var at = upstream.IndexOf('@');
        return at < 0 ? (upstream, null) : (upstream[..at], upstream[(at + 1)..] is { Length: > 0 } v ? v : null);
    }

    // Trivy's form: "built package from: openssl 3.0.11-1~deb12u2". Syft's sourceInfo names the
    // database file instead and is left alone.
    private static (string Name, string? Version)? BuiltFrom(string? sourceInfo)
    {
        const string prefix = "built package from:";
        if (sourceInfo == null || !sourceInfo.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var words = sourceInfo[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch { 0 => null, 1 => (words[0], null), _ => (words[0], words[1]) };
    }

    private static PackageUrl? PurlOf(JsonElement entry)
    {
        if (!entry.TryGetProperty("externalRefs", out var refs) || refs.ValueKind != JsonValueKind.Array) return null;
        foreach (var reference in refs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            if (string.Equals(Text(reference, "referenceType"), "purl", StringComparison.OrdinalIgnoreCase)
                && PackageUrl.TryParse(Text(reference, "referenceLocator")) is { } purl)
                return purl;
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
