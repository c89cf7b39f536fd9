namespace ImagePin.Cli.Console;

/// <summary>The process's streams and whether they are terminals; tests substitute writers.</summary>
internal sealed record Terminal(TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal, string WorkingDirectory)
{
    /// <summary>Environment variables (DOCKER_CONFIG, REGISTRY_AUTH_FILE, NO_COLOR…); tests substitute their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public string HomeDirectory { get; init; } = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    /// <summary>Standard input, for the path <c>-</c>: a plain stream on file descriptor 0 (see <see cref="FromProcess"/>).</summary>
    public Func<Stream> Input { get; init; } = () => new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);

    /// <summary>
    /// The process's standard output and error as plain UTF-8 writers on file descriptors 1 and 2. System.Console's
    /// writers would switch a terminal into keypad-transmit mode (ESC[?1h ESC=) on first write and never switch it
    /// back, and flush every 256 bytes; these do neither. Standard output is buffered (flushed by
    /// <see cref="Flush"/>), standard error written through so messages and the progress line show at once.
    /// </summary>
    public static Terminal FromProcess() => new(
        Open(1, autoFlush: false),
        Open(2, autoFlush: true),
        !System.Console.IsOutputRedirected,
        !System.Console.IsErrorRedirected,
        System.Environment.CurrentDirectory);

    /// <summary>Writes out what is buffered; called once the command is done (and on every exit path).</summary>
    public void Flush()
    {
        try
        {
            Out.Flush();
            Error.Flush();
        }
        catch (IOException)
        {
            // The reader went away (a closed pipe, e.g. `imagepin check | head`): nothing left to tell it.
        }
    }

    private static StreamWriter Open(int descriptor, bool autoFlush) =>
        new(new DescriptorStream(descriptor), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024) { AutoFlush = autoFlush };

    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb.</summary>
    public bool UseColor(bool isTerminal) =>
        isTerminal
        && string.IsNullOrEmpty(Environment("NO_COLOR"))
        && Environment("TERM") != "dumb";
}
