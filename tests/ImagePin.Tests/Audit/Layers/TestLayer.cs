using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ImagePin.Audit.Layers;

namespace ImagePin.Tests.Audit.Layers;

/// <summary>Builds real layer blobs (tar, tar+gzip, tar+zstd) in memory.</summary>
internal sealed class TestLayer
{
    public const string Gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string Zstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string Tar = "application/vnd.oci.image.layer.v1.tar";

    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<TarEntry> _entries = [];

    public TestLayer File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public TestLayer File(string name, byte[] content)
    {
        _entries.Add(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        return this;
    }

    public TestLayer Directory(string name)
    {
        _entries.Add(new UstarTarEntry(TarEntryType.Directory, name));
        return this;
    }

    public TestLayer Symlink(string name, string target)
    {
        _entries.Add(new UstarTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
        return this;
    }

    /// <summary>Incompressible filler, so that how much of a layer was read shows in its byte count.</summary>
    public TestLayer Noise(string name, int bytes)
    {
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        return File(name, data);
    }

    public byte[] Build(string mediaType)
    {
        var output = new MemoryStream();
        using (var compressor = Compressor(output, mediaType))
        using (var writer = new TarWriter(compressor, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                entry.ModificationTime = Epoch; // same bytes every run, so damage tests are reproducible
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    private static Stream Compressor(Stream output, string mediaType) => mediaType switch
    {
        Gzip or DockerGzip => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        Zstd => new ZstdSharp.CompressionStream(output, 3, leaveOpen: true),
        _ => new NonClosing(output),
    };

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}

/// <summary>An image's layers top-down, served as streams, remembering which were opened.</summary>
internal sealed class TestImage
{
    private readonly List<(string MediaType, byte[] Blob)> _layers = [];

    public List<int> Opened { get; } = [];

    public TestImage Layer(TestLayer layer, string mediaType = TestLayer.Gzip)
    {
        _layers.Add((mediaType, layer.Build(mediaType)));
        return this;
    }

    public TestImage Raw(string mediaType, byte[] blob, long? declaredSize = null)
    {
        _layers.Add((mediaType, blob));
        _declared[_layers.Count - 1] = declaredSize ?? blob.Length;
        return this;
    }

    private readonly Dictionary<int, long> _declared = [];

    public long SizeOf(int index) => _layers[index].Blob.Length;

    public byte[] Blob(int index) => _layers[index].Blob;

    public Task<ImageFiles> FindAsync(LayerLimits? limits = null) =>
        ImageFileFinder.FindAsync(
            _layers.Select((l, i) => new LayerSource(l.MediaType, _declared.GetValueOrDefault(i, l.Blob.Length))).ToList(),
            (index, _) =>
            {
                Opened.Add(index);
                return Task.FromResult<Stream>(new MemoryStream(_layers[index].Blob, writable: false));
            },
            limits,
            TestContext.Current.CancellationToken);
}
