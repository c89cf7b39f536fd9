using ImagePin.Sources;
using System.Diagnostics;
using ImagePin.Sources.Dockerfiles.Syntax;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Sources.Dockerfiles.Syntax;

/// <summary>
/// Robustness over shared/corpus/real-dockerfiles: every listed file parses without an exception
/// (a template may give a located syntax error) and reprints to its exact bytes.
/// Each test lists every failing file in its message.
/// </summary>
public sealed class RealDockerfileCorpusTests
{
    private static List<(string Name, byte[] Bytes)> LoadCorpus()
    {
        var root = SharedCorpus.PathOf("real-dockerfiles");
        var files = new List<(string, byte[])>();
        foreach (var row in File.ReadLines(Path.Combine(root, "MANIFEST.tsv")).Skip(1))
        {
            var columns = row.Split('\t');
            if (columns.Length < 3) continue;
            var name = columns[0] + "/" + columns[2];
            files.Add((name, File.ReadAllBytes(Path.Combine(root, columns[0], columns[2]))));
        }
        return files;
    }

    [Fact]
    public void Every_corpus_file_parses_without_exception_and_errors_are_located()
    {
        var files = LoadCorpus();
        Assert.True(files.Count >= 2000, $"MANIFEST lists only {files.Count} files");
        var failures = new List<string>();
        var syntaxErrors = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (name, bytes) in files)
        {
            try
            {
                var result = DockerfileParser.Parse(bytes);
                if (result.Success)
                {
                    TouchEverything(result.Document);
                    continue;
                }
                syntaxErrors++;
                TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {result.Error}");
                if (result.Error.Line < 1 || result.Error.Column < 1 || string.IsNullOrWhiteSpace(result.Error.Message))
                    failures.Add($"{name}: unlocated error {result.Error}");
            }
            catch (Exception exception)
            {
                failures.Add($"{name}: {exception.GetType().Name}: {exception.Message}");
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{files.Count} files, {files.Count - syntaxErrors - failures.Count} parsed, {syntaxErrors} syntax errors, {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Values, spans and the dump are computed lazily; make sure none of them throws.
    private static void TouchEverything(DockerfileDocument document)
    {
        _ = document.Dump();
        foreach (var instruction in document.Instructions)
        {
            for (var current = instruction; current != null; current = current.Trigger)
            {
                foreach (var word in current.Arguments) _ = (word.Value, word.Span);
                foreach (var flag in current.Flags) _ = (flag.Value, flag.ValueSpan);
            }
        }
    }

    [Fact]
    public void Every_corpus_file_reprints_to_its_original_bytes()
    {
        var failures = new List<string>();
        var reprinted = 0;
        foreach (var (name, bytes) in LoadCorpus())
        {
            var result = DockerfileParser.Parse(bytes);
            // A file with a syntax error has no document; its text must still survive decoding.
            var roundTrip = result.Success
                ? SourceDecoder.Encode(result.Document.Reprint(), result.Document.HasBom)
                : SourceDecoder.Encode(SourceDecoder.Decode(bytes).Text, SourceDecoder.Decode(bytes).HasBom);
            if (result.Success) reprinted++;
            if (!roundTrip.AsSpan().SequenceEqual(bytes)) failures.Add(name);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{reprinted} documents reprinted");
        Assert.True(failures.Count == 0, "round trip differs for:\n" + string.Join("\n", failures));
    }
}
