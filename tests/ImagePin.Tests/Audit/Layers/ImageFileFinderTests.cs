using System.Text;
using ImagePin.Audit.Layers;

namespace ImagePin.Tests.Audit.Layers;

/// <summary>Overlay semantics, early stopping and bounds of the layer reader, on real in-memory layers.</summary>
public class ImageFileFinderTests
{
    private const string DebianOs = "ID=debian\nVERSION_ID=\"12\"\n";

    private static string Text(byte[]? bytes) => bytes == null ? "(none)" : Encoding.UTF8.GetString(bytes);

    [Theory]
    [InlineData(TestLayer.Gzip)]
    [InlineData(TestLayer.DockerGzip)]
    [InlineData(TestLayer.Zstd)]
    [InlineData(TestLayer.Tar)]
    public async Task Debian_image_takes_the_top_status_and_stops_in_the_base_once_settled(string mediaType)
    {
        var image = new TestImage()
            .Layer(new TestLayer().Directory("var/lib/dpkg/").File("var/lib/dpkg/status", "Package: new\n"), mediaType)
            .Layer(new TestLayer()
                .Symlink("etc/os-release", "../usr/lib/os-release")
                .File("usr/lib/os-release", DebianOs)
                .File("var/lib/dpkg/status", "Package: old\n")
                .Noise("var/lib/zz-big", 512 * 1024), mediaType);
        var files = await image.FindAsync();
        Assert.Equal("Package: new\n", Text(files.DpkgStatus));
        Assert.Equal(DebianOs, Text(files.OsRelease));
        Assert.Equal(EntryKind.Link, files.Exact["etc/os-release"].Kind);
        Assert.Equal("../usr/lib/os-release", files.Exact["etc/os-release"].LinkTarget);
        var baseLayer = files.Layers[1];
        Assert.True(baseLayer.StoppedEarly);
        Assert.True(baseLayer.CompressedBytesRead < image.SizeOf(1) / 2, $"read {baseLayer.CompressedBytesRead} of {image.SizeOf(1)} bytes");
        Assert.Equal(files.Layers.Sum(l => l.CompressedBytesRead), files.CompressedBytesRead);
    }

    [Fact]
    public async Task Lower_layers_are_not_opened_once_everything_is_found()
    {
        var image = new TestImage()
            .Layer(new TestLayer().File("etc/os-release", "ID=alpine\n").File("lib/apk/db/installed", "P:musl\nV:1\n"), TestLayer.Zstd)
            .Layer(new TestLayer().File("lib/apk/db/installed", "P:old\nV:0\n"))
            .Layer(new TestLayer().File("etc/os-release", "ID=old\n"));
        var files = await image.FindAsync();
        Assert.Equal([0], image.Opened);
        Assert.Equal([true, false, false], files.Layers.Select(l => l.Opened));
        Assert.Equal(0, files.Layers[2].CompressedBytesRead);
        Assert.Equal("P:musl\nV:1\n", Text(files.ApkInstalled));
    }

    [Fact]
    public async Task Whiteout_in_an_upper_layer_hides_the_lower_file()
    {
        var files = await new TestImage()
            .Layer(new TestLayer().File("var/lib/dpkg/.wh.status", ""))
            .Layer(new TestLayer().File("etc/os-release", DebianOs).File("var/lib/dpkg/status", "Package: gone\n"))
            .FindAsync();
        Assert.Null(files.DpkgStatus);
        Assert.Equal(EntryKind.Hidden, files.Exact["var/lib/dpkg/status"].Kind);
        Assert.Equal(DebianOs, Text(files.OsRelease));
    }

    [Fact]
    public async Task Whiteout_of_a_directory_hides_everything_below_it_but_not_its_own_layer()
    {
        var files = await new TestImage()
            .Layer(new TestLayer().File("var/lib/.wh.dpkg", "").File("var/lib/dpkg/status", "Package: same-layer\n"))
            .Layer(new TestLayer().File("etc/os-release", DebianOs).File("var/lib/dpkg/status", "Package: lower\n"))
            .FindAsync();
        Assert.Equal("Package: same-layer\n", Text(files.DpkgStatus));
    }

    [Fact]
    public async Task Opaque_directory_keeps_its_own_layer_and_hides_lower_status_d_files()
    {
        var files = await new TestImage()
            .Layer(new TestLayer().File("var/lib/dpkg/status.d/.wh..wh..opq", "").File("var/lib/dpkg/status.d/a", "Package: a\n"))
            .Layer(new TestLayer().File("var/lib/dpkg/status.d/b", "Package: b\n").File("etc/os-release", DebianOs))
            .FindAsync();
        Assert.Equal(["var/lib/dpkg/status.d/a"], files.DpkgStatusD.Select(f => f.Path));
        Assert.Equal(DebianOs, Text(files.OsRelease));
    }

    [Fact]
    public async Task Distroless_status_d_files_are_gathered_from_every_layer_without_md5sums()
    {
        var image = new TestImage()
            .Layer(new TestLayer().File("var/lib/dpkg/status.d/tzdata", "Package: tzdata\n").File("var/lib/dpkg/status.d/tzdata.md5sums", "x"))
            .Layer(new TestLayer().File("etc/os-release", DebianOs).File("var/lib/dpkg/status.d/base-files", "Package: base-files\n").File("var/lib/dpkg/status.d/tzdata", "Package: old\n"));
        var files = await image.FindAsync();
        Assert.Equal(["var/lib/dpkg/status.d/base-files", "var/lib/dpkg/status.d/tzdata"], files.DpkgStatusD.Select(f => f.Path));
        Assert.Equal("Package: tzdata\n", Text(files.DpkgStatusD[1].Content));
        Assert.Equal([0, 1], image.Opened);
        Assert.False(files.Layers[1].StoppedEarly);
    }

    [Fact]
    public async Task Entry_names_are_normalised_and_escapes_ignored()
    {
        var files = await new TestImage()
            .Layer(new TestLayer()
                .File("../../etc/os-release", "ID=escaped\n")
                .File("./etc//os-release", DebianOs)
                .File("/var/lib/dpkg/./status", "Package: abs\n"))
            .FindAsync();
        Assert.Equal(DebianOs, Text(files.OsRelease));
        Assert.Equal("Package: abs\n", Text(files.DpkgStatus));
    }

    [Fact]
    public async Task Later_entry_in_the_same_layer_wins()
    {
        var files = await new TestImage()
            .Layer(new TestLayer().File("var/lib/dpkg/status", "Package: first\n").File("var/lib/dpkg/status", "Package: second\n").File("etc/os-release", DebianOs))
            .FindAsync();
        Assert.Equal("Package: second\n", Text(files.DpkgStatus));
    }

    [Fact]
    public async Task A_file_replacing_a_directory_hides_what_was_below_it()
    {
        var files = await new TestImage()
            .Layer(new TestLayer().Symlink("var/lib/dpkg", "/elsewhere"))
            .Layer(new TestLayer().File("etc/os-release", DebianOs).File("var/lib/dpkg/status", "Package: hidden\n"))
            .FindAsync();
        Assert.Null(files.DpkgStatus);
        Assert.Equal(EntryKind.Absent, files.Exact["var/lib/dpkg/status"].Kind);
    }

    [Fact]
    public async Task Symlinked_os_release_is_not_followed()
    {
        var files = await new TestImage().Layer(new TestLayer().Symlink("etc/os-release", "/proc/self/environ")).FindAsync();
        Assert.Null(files.OsRelease);
        Assert.Equal(EntryKind.Link, files.Exact["etc/os-release"].Kind);
    }

    [Fact]
    public async Task Status_d_is_ignored_when_a_status_file_exists()
    {
        var files = await new TestImage()
            .Layer(new TestLayer().File("etc/os-release", DebianOs).File("var/lib/dpkg/status", "Package: a\n").File("var/lib/dpkg/status.d/b", "Package: b\n"))
            .FindAsync();
        Assert.Empty(files.DpkgStatusD);
        Assert.NotNull(files.DpkgStatus);
    }

    [Fact]
    public async Task Layer_over_the_declared_size_limit_is_refused_unopened()
    {
        var image = new TestImage().Raw(TestLayer.Gzip, new TestLayer().File("etc/os-release", DebianOs).Build(TestLayer.Gzip), declaredSize: 5000);
        var error = await Assert.ThrowsAsync<LayerReadException>(() => image.FindAsync(new LayerLimits { MaxLayerBytes = 4000 }));
        Assert.Contains("declares 5000 bytes", error.Message);
        Assert.Empty(image.Opened);
    }

    [Fact]
    public async Task Layer_longer_than_the_limit_is_cut_off()
    {
        var blob = new TestLayer().Noise("var/zz", 64 * 1024).Build(TestLayer.Gzip);
        var image = new TestImage().Raw(TestLayer.Gzip, blob, declaredSize: 100);
        await Assert.ThrowsAsync<LayerReadException>(() => image.FindAsync(new LayerLimits { MaxLayerBytes = 10_000 }));
    }

    [Fact]
    public async Task Decompression_bomb_is_stopped_at_the_uncompressed_cap()
    {
        var image = new TestImage().Layer(new TestLayer().File("var/zeros", new byte[8 * 1024 * 1024]), TestLayer.Zstd);
        Assert.True(image.SizeOf(0) < 64 * 1024);
        var error = await Assert.ThrowsAsync<LayerReadException>(() => image.FindAsync(new LayerLimits { MaxUncompressedBytes = 1024 * 1024 }));
        Assert.Contains("decompression", error.Message);
    }

    [Fact]
    public async Task Oversized_wanted_file_is_refused()
    {
        var image = new TestImage().Layer(new TestLayer().File("var/lib/dpkg/status", new byte[2048]));
        var error = await Assert.ThrowsAsync<LayerReadException>(() => image.FindAsync(new LayerLimits { MaxFileBytes = 1024 }));
        Assert.Contains("var/lib/dpkg/status", error.Message);
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        var layer = new TestLayer();
        for (var i = 0; i < 20; i++) layer.File($"f{i}", "x");
        await Assert.ThrowsAsync<LayerReadException>(() => new TestImage().Layer(layer).FindAsync(new LayerLimits { MaxEntries = 10 }));
    }

    [Theory]
    [InlineData(TestLayer.Gzip)]
    [InlineData(TestLayer.Zstd)]
    [InlineData(TestLayer.Tar)]
    public async Task Corrupt_layer_gives_our_exception(string mediaType)
    {
        var blob = new TestLayer().File("etc/passwd", "root\n").Noise("x", 4096).Build(mediaType);
        var corrupt = blob.Take(blob.Length / 2).Concat(Enumerable.Repeat((byte)0x55, 700)).ToArray();
        corrupt[mediaType == TestLayer.Tar ? 148 : 10] ^= 0xff; // a header checksum byte, or the compressed data
        var error = await Record.ExceptionAsync(() => new TestImage().Raw(mediaType, corrupt).FindAsync());
        Assert.IsType<LayerReadException>(error);
    }

    [Fact]
    public async Task Unsupported_media_type_gives_our_exception()
    {
        var error = await Assert.ThrowsAsync<LayerReadException>(() => new TestImage().Raw("application/vnd.in-toto+json", [1, 2, 3]).FindAsync());
        Assert.Contains("unsupported layer media type", error.Message);
    }
}
