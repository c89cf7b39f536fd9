using System.Text.Json;
using ImagePin.Classification;
using ImagePin.Pinning;
using ImagePin.Policy;
using ImagePin.Reporting;
using ImagePin.Scanning;
using ImagePin.Sources;

namespace ImagePin.Tests.Reporting;

/// <summary>
/// JSON and SARIF reports over thousands of files are handed to the output as they are written, never held whole:
/// every array a report can grow without bound (changes, failures, diffs, errors, findings) flushes as it goes.
/// </summary>
public sealed class JsonStreamingTests
{
    private const int Largest = 256 * 1024;

    [Fact]
    public void Pin_dry_run_json_hands_diffs_failures_and_errors_to_the_stream_as_it_writes()
    {
        var diffs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 2_000; i++)
            diffs[$"svc-{i:D5}/Dockerfile"] = System.Text.Encoding.UTF8.GetBytes($"--- a/svc-{i:D5}/Dockerfile\n+++ b/svc-{i:D5}/Dockerfile\n@@ -1 +1 @@\n-FROM alpine:3.20 # é\n+FROM alpine:3.20@sha256:{new string('a', 64)}\n" + new string(' ', 400) + "\n");
        var failures = Enumerable.Range(0, 2_000).Select(i => new PinFailure($"f{i}/Dockerfile", 1, 6, "docker.io/library/x:1", new string('x', 200), PinFailureKind.NotPinnable)).ToList();
        var errors = Enumerable.Range(0, 2_000).Select(i => new FileError($"e{i}/Dockerfile", 1, 1, new string('y', 200))).ToList();
        var result = new PinResult([], failures, diffs, diffs.Count, 1, 1);
        var stream = new RecordingStream();

        PinReporter.WriteJson(result, dryRun: true, errors, stream);

        Assert.True(stream.Total > 3 * Largest, $"only {stream.Total} bytes written");
        Assert.InRange(stream.LargestWrite, 1, Largest);
        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(2_000, json.RootElement.GetProperty("diffs").EnumerateObject().Count());
        Assert.Equal(System.Text.Encoding.UTF8.GetString(diffs["svc-00007/Dockerfile"]), json.RootElement.GetProperty("diffs").GetProperty("svc-00007/Dockerfile").GetString());
        Assert.Equal(2_000, json.RootElement.GetProperty("failures").GetArrayLength());
        Assert.Equal(2_000, json.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void Sarif_hands_findings_and_errors_to_the_stream_as_it_writes()
    {
        var findings = Enumerable.Range(0, 3_000).Select(i => new Finding($"svc-{i}/Dockerfile", 1, 6, 1, 17, "dockerfile", "from", "alpine:3.20", "docker.io/library/alpine:3.20",
            ReferenceStatus.Tag, Severity.Warning, Rules.UnpinnedTag, "alpine:3.20 uses a mutable tag; pin it by digest")).ToList();
        var errors = Enumerable.Range(0, 2_000).Select(i => new FileError($"e{i}/Dockerfile", 1, 1, new string('y', 200))).ToList();
        var stream = new RecordingStream();

        SarifCheckReporter.Write(new ScanReport(findings, errors, [], findings.Count), stream, "0.0.0-test");

        Assert.True(stream.Total > 3 * Largest, $"only {stream.Total} bytes written");
        Assert.InRange(stream.LargestWrite, 1, Largest);
        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(3_000, json.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
    }

    /// <summary>Keeps what is written and the largest single write.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _kept = new();

        public long LargestWrite { get; private set; }

        public long Total => _kept.Length;

        public byte[] ToArray() => _kept.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _kept.Write(buffer);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _kept.Length;
        public override long Position { get => _kept.Length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
