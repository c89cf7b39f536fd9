namespace ImagePin.Tests.Registry.Support;

/// <summary>
/// Where tests/infra/setup.sh started the real registries. A missing variable fails the test when CI=true
/// and skips it otherwise, as SharedCorpus does for the corpus.
/// </summary>
internal static class TestRegistries
{
    public static string Open => Require("IMAGEPIN_TEST_REGISTRY_OPEN");
    public static string Basic => Require("IMAGEPIN_TEST_REGISTRY_BASIC");
    public static string BasicUser => Require("IMAGEPIN_TEST_REGISTRY_BASIC_USER");
    public static string BasicPassword => Require("IMAGEPIN_TEST_REGISTRY_BASIC_PASSWORD");
    public static string Token => Require("IMAGEPIN_TEST_REGISTRY_TOKEN");
    public static string Tls => Require("IMAGEPIN_TEST_REGISTRY_TLS");
    public static string TlsCa => Require("IMAGEPIN_TEST_REGISTRY_TLS_CA");

    public static string Require(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value)) return value;
        Unavailable($"{variable} is not set: run the tests through ./test.sh, which starts the registries (tests/infra/setup.sh)");
        return null!;
    }

    /// <summary>Fails (CI=true) or skips the test because something it needs is missing.</summary>
    public static void Unavailable(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(reason + "; CI=true so this is a failure, not a skip");
        Assert.Skip(reason);
    }

    /// <summary>A repository name no other test uses, so tests can run in parallel against one registry.</summary>
    public static string UniqueRepository(string prefix) => $"imagepin-test/{prefix}-{Guid.NewGuid():N}";
}
