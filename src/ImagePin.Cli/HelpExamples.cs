using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ImagePin.Cli;

/// <summary>
/// `--help` as System.CommandLine writes it, followed by an Examples section for the command: together the examples
/// use every option the command has (a test holds them to that), so each option is shown in use once.
/// </summary>
internal sealed class HelpExamples(HelpAction inner) : SynchronousCommandLineAction
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "imagepin check                                   # every image reference under the current folder",
            "imagepin pin && imagepin verify --max-age 30d    # pin, then prove the pins in CI",
            "imagepin --version",
        ],
        ["check"] =
        [
            "imagepin check services/ Dockerfile.dev          # folders and files; '-' reads standard input",
            "imagepin check --format sarif -o imagepin.sarif  # for GitHub code scanning (also json, github)",
            "imagepin check --fail-level warning              # warnings fail the run too",
            "imagepin check --ignore IP004 --exclude 'vendor/**' --include-ignored",
            "imagepin check --build-arg BASE=alpine:3.20 --env TAG=1.2",
            "imagepin check --config ci/.imagepin.yaml -v     # another settings file; -v names the one in use",
        ],
        ["pin"] =
        [
            "imagepin pin                                     # FROM python:3.12 -> FROM python:3.12@sha256:…",
            "imagepin pin --dry-run --format json             # a diff (or JSON) of what would change; nothing written",
            "imagepin pin --platform linux/arm64              # that platform's manifest, not the index",
            "imagepin pin --insecure-registry registry.internal:5000 --ca-file certs/ca.pem",
            "imagepin pin --timeout 2m --concurrency 4 --trust-head-digest   # slow registry; one HEAD per tag",
            "imagepin pin --build-arg BASE=alpine:3.20 --env TAG=1.2 --exclude 'vendor/**' --include-ignored --ignore IP001",
            "imagepin pin --config ci/.imagepin.yaml --verbose",
        ],
        ["update"] =
        [
            "imagepin update --platforms linux/amd64,linux/arm64 --min-age 3d --summary-md pr.md",
            "imagepin update --dry-run --format json          # what would move; nothing written",
            "imagepin update --pin                            # also pin references that have a tag only",
            "imagepin update --insecure-registry registry.internal:5000 --ca-file certs/ca.pem",
            "imagepin update --timeout 2m --concurrency 4 --trust-head-digest   # slow registry; one HEAD per tag",
            "imagepin update --build-arg BASE=alpine:3.20 --env TAG=1.2 --exclude 'vendor/**' --include-ignored --ignore IP004",
            "imagepin update --config ci/.imagepin.yaml --verbose",
        ],
        ["verify"] =
        [
            "imagepin verify --max-age 30d --format sarif --output verify.sarif",
            "imagepin verify --platforms linux/arm64 --fail-level warning",
            "imagepin verify --insecure-registry registry.internal:5000 --ca-file certs/ca.pem",
            "imagepin verify --timeout 2m --concurrency 4 --trust-head-digest   # slow registry; one HEAD per tag",
            "imagepin verify --build-arg BASE=alpine:3.20 --env TAG=1.2 --exclude 'vendor/**' --include-ignored --ignore IP008",
            "imagepin verify --config ci/.imagepin.yaml --verbose",
        ],
        ["resolve"] =
        [
            "imagepin resolve python:3.12-slim                # docker.io/library/python:3.12-slim@sha256:…",
            "imagepin resolve --platform linux/arm64 node:22",
            "imagepin resolve --timeout 2m --concurrency 4 --trust-head-digest nginx:1.27",
            "imagepin resolve --insecure-registry registry.internal:5000 --ca-file certs/ca.pem --config .imagepin.yaml registry.internal:5000/app:1",
        ],
        ["audit"] =
        [
            "imagepin audit --details --fail-on high",
            "imagepin audit --fail-on fixable --format sarif --output audit.sarif",
            "imagepin audit --db osv/ --platforms linux/amd64,linux/arm64 --inventory layers --include-unimportant",
            "imagepin audit --insecure-registry registry.internal:5000 --ca-file certs/ca.pem",
            "imagepin audit --timeout 2m --concurrency 4 --trust-head-digest   # slow registry; one HEAD per tag",
            "imagepin audit --build-arg BASE=alpine:3.20 --env TAG=1.2 --exclude 'vendor/**' --include-ignored --ignore IP004",
            "imagepin audit --config ci/.imagepin.yaml --verbose",
        ],
        ["db"] = ["imagepin db update"],
        ["db update"] =
        [
            "imagepin db update                               # the OSV data of the distributions the pins use",
            "imagepin db update --ecosystem Debian,Alpine --db osv/ --source http://osv-mirror.internal/",
            "imagepin db update --platforms linux/arm64 --inventory layers",
            "imagepin db update --insecure-registry registry.internal:5000 --ca-file certs/ca.pem",
            "imagepin db update --timeout 2m --concurrency 4 --trust-head-digest   # slow registry; one HEAD per tag",
            "imagepin db update --build-arg BASE=alpine:3.20 --env TAG=1.2 --exclude 'vendor/**' --include-ignored --ignore IP004",
            "imagepin db update --config ci/.imagepin.yaml --verbose",
        ],
        ["config"] =
        [
            "imagepin config                                  # the settings here, each with where it came from",
            "imagepin config services/api --config ci/.imagepin.yaml",
            "imagepin config --platforms linux/arm64 --min-age 1d --max-age 30d --ignore IP004 --exclude 'vendor/**'",
            "imagepin config --insecure-registry registry.internal:5000 --ca-file certs/ca.pem",
        ],
        ["completion"] =
        [
            "source <(imagepin completion bash)               # in ~/.bashrc",
            "source <(imagepin completion zsh)                # in ~/.zshrc, after compinit",
            "imagepin completion fish | source                # in ~/.config/fish/config.fish",
        ],
    };

    /// <summary>The examples of a command ("" for the root, "db update" for a subcommand).</summary>
    public static IReadOnlyList<string> For(string commandPath) => Examples.GetValueOrDefault(commandPath) ?? [];

    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    /// <summary>Puts the examples after the help of every command (the help option is recursive, so one action serves all).</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpExamples((HelpAction)help.Action!);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var captured = new StringWriter();
        parseResult.InvocationConfiguration.Output = captured;
        int code;
        try { code = inner.Invoke(parseResult); }
        finally { parseResult.InvocationConfiguration.Output = output; }
        output.Write(TypedDefaults(captured.ToString()));
        var examples = For(PathOf(parseResult.CommandResult.Command));
        if (examples.Count == 0) return code;
        output.Write("Examples:\n");
        foreach (var example in examples) output.Write($"  {example}\n");
        output.Write('\n');
        return code;
    }

    /// <summary>
    /// "[default: text]" as the value is typed, not as the enum member is named ("[default: Text]"); the help
    /// builder that writes it is not public, so its text is adjusted.
    /// </summary>
    internal static string TypedDefaults(string help)
    {
        const string marker = "[default: ";
        var text = new System.Text.StringBuilder(help);
        for (var at = help.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = help.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            var start = at + marker.Length;
            var end = start;
            while (end < help.Length && char.IsAsciiLetter(help[end])) end++;
            if (end < help.Length && help[end] == ']' && end > start && char.IsAsciiLetterUpper(help[start]))
                text[start] = char.ToLowerInvariant(help[start]);
        }
        return text.ToString();
    }
}
