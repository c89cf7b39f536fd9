using ImagePin.Freshness;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Reporting;
using ImagePin.Updating;

namespace ImagePin.Tests.Reporting;

public class UpdateMarkdownTests
{
    private static readonly string Old = "sha256:" + new string('a', 64);
    private static readonly string New = "sha256:" + new string('b', 64);

    [Theory]
    [InlineData("docker.io/library/python", "https://hub.docker.com/_/python")]
    [InlineData("docker.io/bitnami/redis", "https://hub.docker.com/r/bitnami/redis")]
    [InlineData("quay.io/prometheus/node-exporter", "https://quay.io/repository/prometheus/node-exporter")]
    [InlineData("ghcr.io/astral-sh/uv", "https://ghcr.io/astral-sh/uv")]
    [InlineData("127.0.0.1:5000/app", null)]
    public void Well_known_registries_get_a_link(string image, string? url) => Assert.Equal(url, RegistryLinks.For(image));

    [Fact]
    public void Summary_table_has_one_row_per_change_with_times_platforms_and_escaped_cells()
    {
        var created = new ImageCreated(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), CreatedSource.ConfigCreated);
        var newer = new ImageCreated(new DateTimeOffset(2026, 11, 20, 6, 30, 0, TimeSpan.Zero), CreatedSource.OciAnnotation);
        var platform = Platform.TryParse("linux/arm64", out var p, out _) ? p! : throw new InvalidOperationException();
        var change = new UpdateChange("svc|a/Dockerfile", 3, 6, "docker.io/library/python", "3.12-slim", Old, New, created, newer,
            [new PlatformChange(platform, PlatformChangeKind.Changed)], null);
        var result = new UpdateResult([change], [new UpdateNotice("b/Dockerfile", 1, 6, "docker.io/library/node:22@" + Old, "docker.io/library/node:22", "held: too young", UpdateOutcomeKind.Held)],
            new Dictionary<string, byte[]>(), 2, 1);

        var md = UpdateReporter.Markdown(result);

        var row = md.Split('\n').Single(l => l.StartsWith("| `svc", StringComparison.Ordinal));
        Assert.Equal("| `svc\\|a/Dockerfile:3` | [`docker.io/library/python:3.12-slim`](https://hub.docker.com/_/python) | `sha256:aaaaaaaaaaaa…` | `sha256:bbbbbbbbbbbb…` | 2026-09-01 00:00 UTC → 2026-11-20 06:30 UTC | linux/arm64/v8 |", row);
        Assert.Contains("held: too young", md);
    }
}
