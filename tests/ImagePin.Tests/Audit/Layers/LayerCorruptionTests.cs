using ImagePin.Audit.Layers;

namespace ImagePin.Tests.Audit.Layers;

/// <summary>Damaged layers, byte by byte: the reader either copes or says so with its own exception.</summary>
public class LayerCorruptionTests
{
    [Theory]
    [InlineData(TestLayer.Tar)]
    [InlineData(TestLayer.Gzip)]
    [InlineData(TestLayer.Zstd)]
    public async Task Flipped_and_truncated_bytes_never_escape_as_other_exceptions(string mediaType)
    {
        var blob = new TestLayer()
            .Directory("etc/")
            .File("etc/hostname", "h\n")
            .Symlink("etc/mtab", "/proc/mounts")
            .File("var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\n")
            .Build(mediaType);
        var random = new Random(42);
        var unexpected = new List<string>();
        for (var round = 0; round < 2000; round++)
        {
            var damaged = (byte[])blob.Clone();
            var at = random.Next(damaged.Length);
            damaged[at] = (byte)random.Next(256);
            if (round % 4 == 0) damaged = damaged[..random.Next(damaged.Length)];
            var error = await Record.ExceptionAsync(() => new TestImage().Raw(mediaType, damaged).FindAsync());
            if (error is not (null or LayerReadException)) unexpected.Add($"round {round}, byte {at}: {error.GetType().Name}: {error.Message}");
        }
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected.Take(10)));
    }
}
