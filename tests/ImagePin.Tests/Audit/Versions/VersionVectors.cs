using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Audit.Versions;

/// <summary>Reads the corpus's <c>left op right</c> comparison files (format in versions/README.md).</summary>
internal static class VersionVectors
{
    public sealed record Case(int Line, string Left, int Expected, string Right);

    public static List<Case> Read(string fileName)
    {
        var cases = new List<Case>();
        var lines = File.ReadAllLines(SharedCorpus.PathOf("versions", fileName));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("// ", StringComparison.Ordinal)) continue;
            var fields = line.Split(' ');
            Assert.True(fields.Length == 3, $"{fileName}:{i + 1}: expected three fields: {line}");
            var expected = fields[1] switch
            {
                "<" => -1,
                "=" => 0,
                ">" => 1,
                _ => throw new InvalidDataException($"{fileName}:{i + 1}: unknown operator {fields[1]}"),
            };
            cases.Add(new Case(i + 1, fields[0], expected, fields[2]));
        }
        return cases;
    }

    /// <summary>Checks a, b both ways and each against itself; returns the failures, one line each.</summary>
    public static List<string> Failures(IEnumerable<Case> cases, Func<string, string, int> compare)
    {
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var forward = compare(c.Left, c.Right);
            var backward = compare(c.Right, c.Left);
            if (forward != c.Expected || backward != -c.Expected || compare(c.Left, c.Left) != 0 || compare(c.Right, c.Right) != 0)
                failures.Add($"line {c.Line}: {c.Left} vs {c.Right}: expected {c.Expected}, got {forward} (reverse {backward})");
        }
        return failures;
    }

    /// <summary>One-per-line version lists with '#' comments (osv.dev-alpine-converter).</summary>
    public static List<string> ReadList(params string[] path) =>
        File.ReadAllLines(SharedCorpus.PathOf(["versions", .. path]))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
}
