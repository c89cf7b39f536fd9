using System.CommandLine;
using ImagePin.Cli.Console;

namespace ImagePin.Cli.Commands;

/// <summary>
/// <c>imagepin completion bash|zsh|fish</c>: a completion script for the shell. Each script asks imagepin itself through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match the binary that answers
/// (commands, options, option values such as --format's); paths fall back to the shell's own file completion.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # imagepin completion for bash: source <(imagepin completion bash)
        _imagepin_complete() {
          local line="${COMP_LINE:0:$COMP_POINT}" IFS=$'\n'
          local words
          words=$(imagepin "[suggest:${#line}]" "$line" 2>/dev/null) || return
          COMPREPLY=($(compgen -W "$words" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -o bashdefault -F _imagepin_complete imagepin

        """;

    private const string Zsh = """
        # imagepin completion for zsh: source <(imagepin completion zsh)   (after compinit)
        _imagepin_complete() {
          local line="${BUFFER[1,$CURSOR]}"
          local -a words
          words=("${(@f)$(imagepin "[suggest:${#line}]" "$line" 2>/dev/null)}")
          if [[ -n "${words[1]}" ]]; then compadd -- "${words[@]}"; else _files; fi
        }
        compdef _imagepin_complete imagepin

        """;

    private const string Fish = """
        # imagepin completion for fish: imagepin completion fish | source
        function __imagepin_complete
            set -l line (commandline -cp)
            imagepin "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c imagepin -a '(__imagepin_complete)'

        """;

    public static Command Create(Terminal terminal)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish." };
        shell.CompletionSources.Add("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script for bash, zsh or fish (e.g. `source <(imagepin completion bash)` in ~/.bashrc).");
        command.Arguments.Add(shell);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(shell);
            var script = name switch { "bash" => Bash, "zsh" => Zsh, "fish" => Fish, _ => null };
            if (script is null) return Usage.Fail(terminal, $"completion '{name}': use bash, zsh or fish");
            terminal.Out.Write(script);
            return ExitCodes.Success;
        });
        return command;
    }
}
