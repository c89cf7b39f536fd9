using System.Text;
using ImagePin.Registry.Credentials;
using ImagePin.Tests.Editing;

namespace ImagePin.Tests.Registry.Credentials;

/// <summary>A fake home folder, environment and PATH for one test; nothing from the real user leaks in.</summary>
internal sealed class CredentialFixture : IDisposable
{
    private readonly TempDirectory root = new();

    public CredentialFixture()
    {
        Home = Directory.CreateDirectory(Path.Combine(root.Path, "home")).FullName;
        Bin = Directory.CreateDirectory(Path.Combine(root.Path, "bin")).FullName;
        // The fake helpers are sh scripts that need cat and sleep.
        Environment["PATH"] = Bin + Path.PathSeparator + "/usr/bin" + Path.PathSeparator + "/bin";
    }

    public string Home { get; }

    public string Bin { get; }

    public Dictionary<string, string> Environment { get; } = new();

    public string DockerConfigPath => Path.Combine(Home, ".docker", "config.json");

    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(root.Path, name)).FullName;

    public string WriteDockerConfig(string json) => Write(DockerConfigPath, json);

    public string Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Installs docker-credential-NAME as a shell script; it can read the server URL from stdin.</summary>
    public void AddHelper(string name, string scriptBody)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("fake credential helpers are shell scripts");
            return;
        }
        var path = Path.Combine(Bin, "docker-credential-" + name);
        File.WriteAllText(path, "#!/bin/sh\n" + scriptBody + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    /// <summary>A helper that records what it was asked and answers with the given JSON.</summary>
    public string AddAnsweringHelper(string name, string answerJson)
    {
        var askedFile = Path.Combine(root.Path, name + ".asked");
        AddHelper(name, $"[ \"$1\" = get ] || exit 3\ncat >> '{askedFile}'\necho >> '{askedFile}'\ncat <<'JSON'\n{answerJson}\nJSON");
        return askedFile;
    }

    public DockerCredentialSource Source(TimeSpan? helperTimeout = null) =>
        new(name => Environment.GetValueOrDefault(name), Home, helperTimeout);

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public void Dispose() => root.Dispose();
}
