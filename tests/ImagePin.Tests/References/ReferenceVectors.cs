using System.Text.Json;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.References;

/// <summary>The upstream distribution/reference test vectors in shared/corpus/reference/vectors.json, by id.</summary>
internal static class ReferenceVectors
{
    /// <summary>Stands in for the vector ids when the corpus cannot be found at discovery time; the test then skips or fails.</summary>
    public const string CorpusUnavailable = "(shared corpus unavailable)";

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> ById = new(Load);

    public static IReadOnlyDictionary<string, JsonElement> All => ById.Value;

    public static JsonElement Get(string id) =>
        All.TryGetValue(id, out var vector) ? vector : throw new KeyNotFoundException($"no vector with id {id}");

    /// <summary>Vector ids for theory data; never throws, so discovery works without the corpus.</summary>
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        try
        {
            foreach (var id in All.Keys) data.Add(id);
        }
        catch (Exception)
        {
            data.Add(CorpusUnavailable);
        }
        return data;
    }

    private static IReadOnlyDictionary<string, JsonElement> Load()
    {
        var path = SharedCorpus.PathOf("reference", "vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .Select(vector => vector.Clone())
            .ToDictionary(vector => vector.GetProperty("id").GetString()!, StringComparer.Ordinal);
    }

    public static string Text(this JsonElement vector, string key) => vector.GetProperty(key).GetString()!;

    public static bool Has(this JsonElement vector, string key) => vector.TryGetProperty(key, out _);
}
