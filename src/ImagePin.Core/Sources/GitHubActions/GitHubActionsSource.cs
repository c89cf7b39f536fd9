using ImagePin.Sources.Yaml;

namespace ImagePin.Sources.GitHubActions;

/// <summary>
/// GitHub Actions workflows (<c>.github/workflows/*.yml</c>) and actions (<c>action.yml</c>): job containers, service
/// containers, <c>uses: docker://IMAGE</c> steps and <c>runs.image: docker://IMAGE</c>. A value with a <c>${{ … }}</c>
/// expression is <c>variable</c> and never rewritten.
/// </summary>
internal sealed class GitHubActionsSource : YamlSource
{
    public const string KindName = "github-actions";

    public override string Kind => KindName;

    protected override YamlFileKind FileKind => YamlFileKind.GitHubActions;

    public override NameMatch MatchName(string path) => YamlFileKinds.Detect(path, "") == YamlFileKind.GitHubActions ? NameMatch.Yes : NameMatch.No;

    protected override (IReadOnlyList<string> Names, string Advice) Dynamic(ImageSite site) =>
        (YamlNames.Templates(site.Text, "${{", "}}"),
         "GitHub Actions evaluates the expression when the workflow runs; write the image literally to pin it");
}
