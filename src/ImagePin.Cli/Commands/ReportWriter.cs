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
    /// Renders a stream-writing reporter (JSON, SARIF) onto a text writer: straight into the writer's own stream when
    /// it has one (no copy of the whole report as a string), else through memory (tests' string writers).
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
        using var buffer = new MemoryStream();
        write(buffer);
        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
