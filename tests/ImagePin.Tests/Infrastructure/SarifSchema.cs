using NJsonSchema;

namespace ImagePin.Tests.Infrastructure;

/// <summary>Validates SARIF text against the official OASIS SARIF 2.1.0 schema kept in Data/ (a draft-04 schema).</summary>
internal static class SarifSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "sarif-schema-2.1.0.json"))).GetAwaiter().GetResult());

    public static void AssertValid(string sarif)
    {
        var errors = Schema.Value.Validate(sarif);
        Assert.True(errors.Count == 0, "SARIF does not validate:\n" + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }
}
