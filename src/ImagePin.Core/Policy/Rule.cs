namespace ImagePin.Policy;

/// <summary>A stable rule id with the texts SARIF and the text report show.</summary>
public sealed record Rule(string Id, string Name, string ShortDescription, string FullDescription, string Help, Severity DefaultSeverity);

/// <summary>The catalogue of rules <c>check</c> reports. Ids never change once released.</summary>
public static class Rules
{
    public static readonly Rule UnpinnedTag = new(
        "IP001", "unpinned-tag",
        "Image is referenced by a mutable tag",
        "The image is referenced by tag only. A tag can be moved to different content at any time, so builds are not reproducible and a hijacked tag injects code into the build.",
        "Pin the image by digest while keeping the tag for readability (image:tag@sha256:…): run `imagepin pin`.",
        Severity.Error);

    public static readonly Rule LatestTag = new(
        "IP002", "latest-tag",
        "Image uses the :latest tag",
        "The image is referenced with the explicit :latest tag, which moves with every release of the image.",
        "Pin a specific version by digest (image:1.2@sha256:…): run `imagepin pin`, or choose a version tag first.",
        Severity.Error);

    public static readonly Rule Untagged = new(
        "IP003", "untagged-image",
        "Image has no tag, so :latest is used",
        "The image is referenced without tag or digest; Docker then pulls :latest, which moves with every release.",
        "Name a tag and pin it by digest: run `imagepin pin` (it writes image:latest@sha256:…), or choose a version tag first.",
        Severity.Error);

    public static readonly Rule DigestWithoutTag = new(
        "IP004", "digest-without-tag",
        "Image is pinned by digest without a tag",
        "The image is pinned by digest, which is reproducible, but without a tag people cannot tell which version it is and `imagepin update` cannot follow a tag.",
        "Add the tag the digest came from in front of it (image:tag@sha256:…).",
        Severity.Note);

    public static readonly Rule UnresolvedVariable = new(
        "IP005", "unresolved-variable",
        "Image reference depends on a variable without a value",
        "The reference uses a variable that has no value here (a Dockerfile ARG without default, an unset Compose variable, a CI or template expression), so the image cannot be known from the repository alone.",
        "Give the variable a value where imagepin can see it: an ARG default or `--build-arg NAME=VALUE` for Dockerfiles, a default or `--env NAME=VALUE` for Compose files; the message names the variable.",
        Severity.Warning);

    public static readonly Rule InvalidReference = new(
        "IP006", "invalid-reference",
        "Image reference is not valid",
        "The text is not a valid image reference under the grammar Docker, containerd and BuildKit share, so the build fails to pull it.",
        "Fix the reference: lowercase repository, a valid tag ([A-Za-z0-9_.-], at most 128 characters), a digest of the form sha256:<64 hex>.",
        Severity.Error);

    public static readonly Rule MissingDigest = new(
        "IP007", "digest-missing",
        "Pinned digest no longer exists in the registry",
        "The registry no longer holds the pinned digest: it was deleted or garbage-collected, so the build will fail to pull it.",
        "Run `imagepin update` to move the pin to what the tag points at now.",
        Severity.Error);

    public static readonly Rule PinBehind = new(
        "IP008", "pin-behind",
        "Pinned image is behind its tag",
        "The tag has moved since the image was pinned, so the build misses the image's newer releases (often security fixes). With --max-age, a pin older than the limit is an error.",
        "Run `imagepin update` to adopt the tag's current digest.",
        Severity.Note);

    public static readonly Rule PlatformPin = new(
        "IP009", "platform-pin",
        "Pinned digest is one platform's manifest of a multi-platform image",
        "The pinned digest is a single platform's manifest inside the tag's index: multi-platform builds fail or silently use that platform everywhere.",
        "Pin the index digest instead: run `imagepin pin` on the tag (without --platform), or keep it if the image is built for that platform only.",
        Severity.Warning);

    /// <summary>The rule with this id (IP001) or name (unpinned-tag), case-insensitively; null when there is none.</summary>
    public static Rule? Find(string idOrName) =>
        All.FirstOrDefault(r => r.Id.Equals(idOrName, StringComparison.OrdinalIgnoreCase) || r.Name.Equals(idOrName, StringComparison.OrdinalIgnoreCase));

    public static readonly Rule TagMissing = new(
        "IP010", "tag-missing",
        "Pinned tag no longer exists in the registry",
        "The registry still holds the pinned digest, so the build works, but the tag written before it is gone: readers are misled about the version and `imagepin update` cannot follow it.",
        "Write a tag that exists (the image's new name or version) and run `imagepin pin`, or remove the tag and keep the digest.",
        Severity.Warning);

    public static readonly Rule VulnerableImage = new(
        "IP011", "vulnerable-image",
        "Pinned image has known vulnerabilities in its OS packages",
        "`imagepin audit` found OSV advisories affecting the Debian, Ubuntu or Alpine packages inside the pinned image. The message counts them by severity and says how many `imagepin update` would remediate (the tag's current image no longer has them). Runtimes installed outside the package manager are not covered.",
        "Run `imagepin update` when it remediates findings; otherwise watch the image's tag for a fixed release, or rebuild the base image.",
        Severity.Warning);

    public static readonly Rule RegistryNotAllowed = new(
        "IP012", "registry-not-allowed",
        "Image comes from a registry or repository the project does not allow",
        "The settings file's registries.allow lists the images the project may pull (globs such as docker.io/library/* or ghcr.io/my-org/**); this one matches none of them. imagepin asks nothing of its registry: pin, update and verify leave it alone.",
        "Use an image from an allowed registry (a mirror of it, say), or add a pattern for it to registries.allow in .imagepin.yaml.",
        Severity.Error);

    public static IReadOnlyList<Rule> All { get; } = [UnpinnedTag, LatestTag, Untagged, DigestWithoutTag, UnresolvedVariable, InvalidReference, MissingDigest, PinBehind, PlatformPin, TagMissing, VulnerableImage, RegistryNotAllowed];
}
