using System.Text.Json;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Check;

/// <summary>Runs `imagepin check --format json` in a folder and gives the references back as JSON elements.</summary>
internal sealed record CheckJson(int ExitCode, JsonElement Root, string Error)
{
    public static CheckJson Run(TempTree tree, params string[] extra)
    {
        var run = CliRun.Invoke(tree.Root, ["check", "--format", "json", .. extra]);
        Assert.True(run.Out.Length > 0, "no JSON on stdout; stderr: " + run.Error);
        return new CheckJson(run.ExitCode, JsonDocument.Parse(run.Out).RootElement, run.Error);
    }

    public IReadOnlyList<JsonElement> References => Root.GetProperty("references").EnumerateArray().ToList();

    public IReadOnlyList<JsonElement> Errors => Root.GetProperty("errors").EnumerateArray().ToList();

    public JsonElement Single(string text) => References.Single(r => r.GetProperty("text").GetString() == text);

    public static string? Str(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
