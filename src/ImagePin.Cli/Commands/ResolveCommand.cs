using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.References;
using ImagePin.Registry;
using ImagePin.Registry.Oci;
using ImagePin.Resolution;

namespace ImagePin.Cli.Commands;

/// <summary><c>imagepin resolve IMAGE…</c>: print IMAGE@DIGEST per argument, for scripts.</summary>
internal static class ResolveCommand
{
    public static Command Create(Terminal terminal)
    {
        var images = new Argument<string[]>("images") { Description = "Image references such as python:3.12-slim.", Arity = ArgumentArity.OneOrMore };
        var registry = new RegistryCommandOptions();
        var configOption = CommonOptions.Config();
        var command = new Command("resolve", "Print IMAGE@DIGEST for each image, resolved from its registry.") { images };
        command.Options.Add(configOption);
        registry.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.TryLoadConfig(parse, configOption, terminal, [], out var config) is { } configError) return Usage.Fail(terminal, configError);
            if (registry.TryCreate(parse, terminal, config, out var resolver, out var platform) is { } registryError) return Usage.Fail(terminal, registryError);
            using var _ = resolver;
            var texts = parse.GetValue(images) ?? [];
            var parsed = new List<ImageReference>();
            foreach (var text in texts)
            {
                if (!ImageReference.TryParseNormalized(text, out var reference, out var error))
                    return Usage.Fail(terminal, $"'{text}' is not a valid image reference: {error!.Message}");
                parsed.Add(reference!);
            }
            var tasks = parsed.Select(r => ResolveOneAsync(resolver!, r, platform, ct)).ToList();
            var exit = ExitCodes.Success;
            for (var i = 0; i < tasks.Count; i++)
            {
                var (line, error, kind) = await tasks[i];
                if (line is not null) terminal.Out.Write(line + "\n");
                else
                {
                    terminal.Error.Write($"imagepin: error: {texts[i]}: {error}\n");
                    exit = Math.Max(exit, kind == RegistryErrorKind.NotFound || kind == RegistryErrorKind.PlatformNotFound ? ExitCodes.Findings : ExitCodes.Registry);
                }
            }
            return exit;
        });
        return command;
    }

    private static async Task<(string? Line, string? Error, RegistryErrorKind? Kind)> ResolveOneAsync(RegistryContent resolver, ImageReference reference, Platform? platform, CancellationToken ct)
    {
        try
        {
            var target = reference.Digest?.ToString() ?? reference.Tag ?? "latest";
            var descriptor = await resolver.ResolveAsync(reference.Registry, reference.Repository, target, platform, ct);
            // A digest reference is checked for existence and printed as given.
            var baseText = reference.Digest is null ? reference.Original : reference.Original[..reference.Original.IndexOf('@')];
            return ($"{baseText}@{descriptor.Digest}", null, null);
        }
        catch (RegistryException e)
        {
            return (null, e.Message, e.Kind);
        }
    }
}
