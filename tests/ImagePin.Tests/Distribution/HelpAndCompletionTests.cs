using System.Text.RegularExpressions;
using ImagePin.Tests.Infrastructure;

namespace ImagePin.Tests.Distribution;

/// <summary>--help lists every option with a one-line explanation and shows each in an example; shell completion works.</summary>
public sealed partial class HelpAndCompletionTests
{
    private static readonly string[] Commands = ["", "audit", "check", "completion", "config", "db", "db update", "pin", "resolve", "update", "verify"];

    [GeneratedRegex(@"^  (?<names>(?:-{1,2}[\w?-]+(?:, )?)+)(?: <[^>]+>)?\s{2,}(?<description>\S.*)$")]
    private static partial Regex OptionLine();

    private static (List<(string[] Names, string Description)> Options, List<string> Examples, List<string> Subcommands) Help(string command)
    {
        using var tree = new TempTree();
        var run = CliRun.Invoke(tree.Root, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.Equal(0, run.ExitCode);
        var options = new List<(string[], string)>();
        var examples = new List<string>();
        var subcommands = new List<string>();
        var section = "";
        foreach (var line in run.Out.Split('\n'))
        {
            if (line.Length > 0 && !line.StartsWith(' ')) { section = line; continue; }
            if (line.Length == 0) continue;
            switch (section)
            {
                case "Options:":
                    var m = OptionLine().Match(line);
                    Assert.True(m.Success, $"'imagepin {command} --help': option line without a one-line description: '{line}'");
                    options.Add((m.Groups["names"].Value.Split(", "), m.Groups["description"].Value));
                    break;
                case "Examples:":
                    examples.Add(line.Trim());
                    break;
                case "Commands:":
                    subcommands.Add(line.Trim().Split(' ')[0]);
                    break;
            }
        }
        return (options, examples, subcommands);
    }

    [Fact]
    public void Every_command_lists_every_option_with_a_one_line_explanation_and_uses_each_in_an_example()
    {
        foreach (var command in Commands)
        {
            var (options, examples, _) = Help(command);
            Assert.NotEmpty(examples);
            Assert.All(examples, e => Assert.Matches(@"^(imagepin|source <\(imagepin)( |$)", e));
            foreach (var (names, description) in options)
            {
                Assert.True(description.Length > 10, $"imagepin {command} {names[^1]}: '{description}'");
                if (names.Contains("--help") || names.Contains("--version")) continue;
                Assert.True(names.Any(n => examples.Any(e => Regex.IsMatch(e, $@"(^|\s){Regex.Escape(n)}(\s|$)"))),
                    $"'imagepin {command} --help': no example uses {string.Join(", ", names)}");
            }
        }
    }

    [Fact]
    public void Defaults_in_help_are_spelled_as_they_are_typed()
    {
        foreach (var command in Commands)
            foreach (var (names, description) in Help(command).Options)
                if (Regex.Match(description, @"\[default: (?<value>[^\]]*)\]") is { Success: true } m)
                    Assert.True(m.Groups["value"].Value == m.Groups["value"].Value.ToLowerInvariant(),
                        $"'imagepin {command} --help' {names[^1]}: '{m.Value}' is not what a user types");
        Assert.Equal("[default: text] [default: Text files] [default: 3]", ImagePin.Cli.HelpExamples.TypedDefaults("[default: Text] [default: Text files] [default: 3]"));
    }

    [Fact]
    public void Every_command_has_its_help_checked_here()
    {
        var found = new List<string>();
        void Walk(string command)
        {
            found.Add(command);
            foreach (var sub in Help(command).Subcommands) Walk((command + " " + sub).Trim());
        }
        Walk("");
        Assert.Equal(Commands.Order(), found.Order());
    }

    [Fact]
    public void Bash_completion_asks_imagepin_for_commands_options_and_values()
    {
        using var bin = new TempTree();
        // The built apphost beside the tests, as `imagepin` on PATH.
        File.CreateSymbolicLink(bin.PathOf("imagepin"), Path.Combine(AppContext.BaseDirectory, "imagepin"));
        string Complete(params string[] words)
        {
            var line = string.Join(' ', words);
            var script = $$"""
                source <(imagepin completion bash)
                COMP_LINE='{{line}}'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=({{line}}{{(line.EndsWith(' ') ? " ''" : "")}}); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _imagepin_complete
                printf '%s\n' "${COMPREPLY[@]}"
                """;
            var environment = new Dictionary<string, string?> { ["PATH"] = bin.Root + ":" + Environment.GetEnvironmentVariable("PATH") };
            var (code, output, error) = ExternalTool.Run(bin.Root, environment, "bash", "-c", script);
            Assert.True(code == 0, error);
            return string.Join(' ', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }

        Assert.Equal("check completion config", Complete("imagepin", "c"));
        Assert.Equal("--fail-level --format", Complete("imagepin", "check", "--f"));
        Assert.Equal("github json sarif text", Complete("imagepin", "check", "--format", ""));
        Assert.Equal("error note warning", Complete("imagepin", "verify", "--fail-level", ""));
    }

    [Theory]
    [InlineData("bash", "complete -o default -o bashdefault -F _imagepin_complete imagepin")]
    [InlineData("zsh", "compdef _imagepin_complete imagepin")]
    [InlineData("fish", "complete -c imagepin -a '(__imagepin_complete)'")]
    public void Completion_scripts_register_for_their_shell_and_parse(string shell, string registration)
    {
        using var tree = new TempTree();
        var run = CliRun.Invoke(tree.Root, "completion", shell);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(registration, run.Out);
        Assert.Contains("[suggest:", run.Out);
        tree.Write("script", run.Out);
        // Each shell's own syntax check, where the shell is installed (bash always is).
        var (code, _, error) = ExternalTool.Run(tree.Root, shell, "-n", tree.PathOf("script"));
        Assert.True(code == 0, $"{shell} -n: {error}");
        Assert.Equal(2, CliRun.Invoke(tree.Root, "completion", "tcsh").ExitCode);
    }
}
