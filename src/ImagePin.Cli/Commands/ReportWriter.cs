using System.Reflection;
using ImagePin.Cli.Console;
using ImagePin.Scanning;
using ImagePin.Reporting;

namespace ImagePin.Cli.Commands;

/// <summary>Sends a check report in the chosen format to standard output or a file.</summary>
internal static class ReportWriter
{
    public static string ToolVersion { get; } =
        typeof(ReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <returns>An error message when the output file cannot be written, else null.</returns>
    public static string? Write(ScanReport report, ReportFormat format, Terminal terminal, string? outputPath) =>
        WriteTo(terminal, outputPath, (writer, color) => Render(report, format, writer, terminal.Error, color, RepositoryPaths.For(terminal.WorkingDirectory)));

    /// <summary>Renders to standard output (colour when it is a terminal) or, uncoloured, to a file.</summary>
    /// <returns>An error message when the output file cannot be written, else null.</returns>
    public static string? WriteTo(Terminal terminal, string? outputPath, Action<TextWriter> render) =>
        WriteTo(terminal, outputPath, (writer, _) => render(writer));

    private static string? WriteTo(Terminal terminal, string? outputPath, Action<TextWriter, bool> render)
    {
        if (outputPath is null)
        {
            render(terminal.Out, terminal.UseColor(terminal.OutIsTerminal));
            terminal.Out.Flush();
            return null;
        }
        try
        {
            var full = Path.GetFullPath(outputPath, terminal.WorkingDirectory);
            using var writer = new StreamWriter(full, append: false, new System.Text.UTF8Encoding(false));
            render(writer, false);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {outputPath}: {ImagePin.Discovery.IoErrors.Describe(e)}";
        }
    }

    private static void Render(ScanReport report, ReportFormat format, TextWriter writer, TextWriter summary, bool color, RepositoryPaths paths)
    {
        switch (format)
        {
            case ReportFormat.Json:
                WriteStream(writer, s => JsonCheckReporter.Write(report, s));
                break;
            case ReportFormat.Sarif:
                WriteStream(writer, s => SarifCheckReporter.Write(report, s, ToolVersion, paths));
                break;
            case ReportFormat.Github:
                GithubCheckReporter.Write(report, writer, paths);
                break;
            default:
                TextCheckReporter.Write(report, writer, summary, color);
                break;
        }
    }

    /// <summary>
    /// Renders a stream-writing reporter (JSON, SARIF) onto a text writer as it writes (nothing held whole): straight
    /// into the writer's own stream when it has one, else decoded onto the writer (tests' string writers).
    /// </summary>
    public static void WriteStream(TextWriter writer, Action<Stream> write)
    {
        if (writer is StreamWriter { BaseStream: { CanWrite: true } stream } streamWriter)
        {
            streamWriter.Flush();
            // Not disposed: that would close the writer's stream, which the writer's owner closes.
            var buffered = new BufferedStream(stream, 64 * 1024);
            write(buffered);
            buffered.Flush();
            return;
        }
        using var decoded = new TextWriterStream(writer);
        write(decoded);
        decoded.Flush();
    }

    /// <summary>A write-only stream of UTF-8 bytes decoded onto a text writer (a character split across writes is kept whole).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly System.Text.Decoder _decoder = new System.Text.UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[4096];

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length) _chars = new char[Math.Max(needed, _chars.Length * 2)];
            var n = _decoder.GetChars(buffer, _chars, flush: false);
            writer.Write(_chars, 0, n);
        }

        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
