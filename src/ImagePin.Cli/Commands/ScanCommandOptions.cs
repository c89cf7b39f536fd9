using System.CommandLine;
using ImagePin.Cli.Console;
using ImagePin.Configuration;

namespace ImagePin.Cli.Commands;

/// <summary>What every command that reads files takes: paths, --build-arg, --env, --include-ignored, --exclude, --ignore, --config and --verbose.</summary>
internal sealed class ScanCommandOptions
{
    public Argument<string[]> Paths { get; } = CommonOptions.Paths();

    public Option<string[]> BuildArgs { get; } = CommonOptions.BuildArgs();

    public Option<string[]> Env { get; } = CommonOptions.Env();

    public Option<bool> IncludeIgnored { get; } = CommonOptions.IncludeIgnored();

    public Option<string[]> Exclude { get; } = CommonOptions.Exclude();

    public Option<string[]> IgnoreRules { get; } = CommonOptions.IgnoreRules();

    public Option<string?> Config { get; } = CommonOptions.Config();

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Say on standard error which settings file is in use (or that none was found).",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        command.Options.Add(BuildArgs);
        command.Options.Add(Env);
        command.Options.Add(IncludeIgnored);
        command.Options.Add(Exclude);
        command.Options.Add(IgnoreRules);
        command.Options.Add(Config);
        command.Options.Add(Verbose);
    }

    /// <summary>The settings for the scanned paths (see <see cref="CommonOptions.TryLoadConfig"/>).</summary>
    public string? TryLoadConfig(ParseResult parse, Terminal terminal, out ImagepinConfig config) =>
        CommonOptions.TryLoadConfig(parse, Config, terminal, parse.GetValue(Paths) ?? [], out config);
}
