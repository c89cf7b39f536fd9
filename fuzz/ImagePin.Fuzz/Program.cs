using SharpFuzz;

namespace ImagePin.Fuzz;

/// <summary>
/// <c>ImagePin.Fuzz TARGET</c> under the libFuzzer driver (fuzz/run.sh); <c>ImagePin.Fuzz TARGET FILE|FOLDER…</c>
/// replays inputs without it, from an uninstrumented build (a crash reproduces as the exception, with its stack).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: ImagePin.Fuzz TARGET [INPUT…]; targets: {string.Join(", ", Targets.All.Keys)}");
            return 2;
        }
        if (args.Length == 1)
        {
            if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is null)
            {
                Console.Error.WriteLine("not under the libFuzzer driver: run fuzz/run.sh, or name inputs to replay");
                return 2;
            }
            Fuzzer.LibFuzzer.Run(span => target(span));
            return 0;
        }
        var inputs = args.Skip(1).SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories) : [a]).ToList();
        foreach (var input in inputs) target(File.ReadAllBytes(input));
        Console.Error.WriteLine($"{args[0]}: {inputs.Count} inputs replayed, none failed");
        return 0;
    }
}
