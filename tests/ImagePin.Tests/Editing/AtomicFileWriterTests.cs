using System.Diagnostics;
using System.Runtime.Versioning;
using ImagePin.Editing;

namespace ImagePin.Tests.Editing;

public class AtomicFileWriterTests
{
    [Fact]
    public void Writes_exactly_the_given_bytes_including_byte_order_mark_and_crlf()
    {
        using var dir = new TempDirectory();
        var path = dir.File("Dockerfile");
        File.WriteAllText(path, "old");
        byte[] content = [0xEF, 0xBB, 0xBF, .. "FROM a\r\nRUN b\r\n"u8];

        AtomicFileWriter.Write(path, content);

        Assert.Equal(content, File.ReadAllBytes(path));
    }

    [Fact]
    public void Leaves_no_temp_file_behind_after_success()
    {
        using var dir = new TempDirectory();
        var path = dir.File("Dockerfile");
        File.WriteAllText(path, "old");

        AtomicFileWriter.Write(path, "new"u8.ToArray());

        Assert.Equal(["Dockerfile"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Creates_the_file_when_it_does_not_exist()
    {
        using var dir = new TempDirectory();
        var path = dir.File("new.yaml");

        AtomicFileWriter.Write(path, "x: 1\n"u8.ToArray());

        Assert.Equal("x: 1\n", File.ReadAllText(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // skipped there
    public void Executable_mode_0755_is_kept()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("Unix file modes only");
        using var dir = new TempDirectory();
        var path = dir.File("build.sh");
        File.WriteAllText(path, "#!/bin/sh\n");
        const UnixFileMode mode0755 = (UnixFileMode)0b111_101_101;
        File.SetUnixFileMode(path, mode0755);

        AtomicFileWriter.Write(path, "#!/bin/sh\necho\n"u8.ToArray());

        Assert.Equal(mode0755, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // skipped there
    public void Mode_narrower_than_the_umask_default_is_kept()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("Unix file modes only");
        using var dir = new TempDirectory();
        var path = dir.File("secret.env");
        File.WriteAllText(path, "a");
        const UnixFileMode mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(path, mode0600);

        AtomicFileWriter.Write(path, "b"u8.ToArray());

        Assert.Equal(mode0600, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Owner_and_group_are_kept_when_running_as_root()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess) Assert.Skip("changing a file's owner needs root on Linux");
        using var dir = new TempDirectory();
        var path = dir.File("Dockerfile");
        File.WriteAllText(path, "old");
        RunChown("12345:23456", path);

        AtomicFileWriter.Write(path, "new"u8.ToArray());

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(((uint)12345, (uint)23456), UnixOwnership.Owner(path));
    }

    [Fact]
    public void Failure_before_replacing_keeps_the_original_and_removes_the_temp_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("Dockerfile");
        File.WriteAllText(path, "original");
        string? tempSeen = null;

        var error = Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, "new"u8.ToArray(), temp =>
        {
            tempSeen = temp;
            throw new IOException("disk full (simulated)");
        }));

        Assert.Contains(path, error.Message);
        Assert.Contains("disk full (simulated)", error.Message);
        Assert.Contains("unchanged", error.Message);
        Assert.Equal("original", File.ReadAllText(path));
        Assert.NotNull(tempSeen);
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(tempSeen));
        Assert.False(File.Exists(tempSeen));
    }

    [Fact]
    public void Unexpected_exception_propagates_unchanged_and_still_removes_the_temp_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("Dockerfile");
        File.WriteAllText(path, "original");

        Assert.Throws<InvalidOperationException>(() =>
            AtomicFileWriter.Write(path, "new"u8.ToArray(), _ => throw new InvalidOperationException("bug")));

        Assert.Equal("original", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // skipped there
    public void Read_only_folder_gives_a_clear_error_and_keeps_the_original()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("Unix folder permissions only");
        if (Environment.IsPrivilegedProcess) Assert.Skip("root ignores folder write permission");
        using var dir = new TempDirectory();
        var path = dir.File("Dockerfile");
        File.WriteAllText(path, "original");
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var error = Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, "new"u8.ToArray()));

        Assert.Contains(path, error.Message);
        Assert.Contains("unchanged", error.Message);
        Assert.Equal("original", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Folder_unwritable_even_for_root_gives_a_clear_error_and_keeps_the_original()
    {
        // procfs refuses new files for every user, so this also runs where the test above is skipped.
        const string path = "/proc/version";
        if (!OperatingSystem.IsLinux() || !File.Exists(path)) Assert.Skip("needs Linux procfs");
        var before = File.ReadAllText(path);

        var error = Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, "new"u8.ToArray()));

        Assert.StartsWith("could not write /proc/version: ", error.Message);
        Assert.EndsWith("(the original file is unchanged)", error.Message);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.DoesNotContain(Directory.GetFiles("/proc"), name => name.Contains("imagepin-tmp"));
    }

    [Fact]
    public void Missing_folder_gives_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "absent", "Dockerfile");

        var error = Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, "new"u8.ToArray()));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Writing_through_a_symlink_updates_its_target_and_keeps_the_link()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("symlinks need privileges on Windows");
        using var dir = new TempDirectory();
        var target = dir.File("real.Dockerfile");
        var link = dir.File("Dockerfile");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, "real.Dockerfile");

        AtomicFileWriter.Write(link, "new"u8.ToArray());

        Assert.Equal("real.Dockerfile", new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
    }

    private static void RunChown(string owner, string path)
    {
        using var chown = Process.Start("chown", [owner, path]);
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
