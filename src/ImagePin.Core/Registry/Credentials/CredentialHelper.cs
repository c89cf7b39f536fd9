using System.Text.Json.Serialization;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace ImagePin.Registry.Credentials;

/// <summary>
/// Runs <c>docker-credential-NAME get</c>: server URL on stdin, <c>{"ServerURL","Username","Secret"}</c> on stdout.
/// A helper that cannot find credentials exits non-zero saying "credentials not found"; that is not an error.
/// </summary>
internal sealed class CredentialHelper(string name, string configuredIn, Func<string, string?> environment, TimeSpan timeout)
{
    private const string IdentityTokenUsername = "<token>";
    private const int MaxQuotedOutput = 200;

    private string Program => "docker-credential-" + name;

    public async Task<RegistryCredential?> GetAsync(string serverUrl, CancellationToken ct)
    {
        var executable = FindOnPath();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "get" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (environment("PATH") is { } path) start.Environment["PATH"] = path;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new CredentialException($"credential helper {Program} ({executable}, named in {configuredIn}) could not be started: {e.Message}", e);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            await SendServerUrl(process, serverUrl).ConfigureAwait(false);
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            return Interpret(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), serverUrl);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CredentialException(
                $"credential helper {Program} (named in {configuredIn}) did not answer within {timeout.TotalSeconds:0.#} s for {serverUrl}");
        }
        finally
        {
            if (!process.HasExited) KillQuietly(process);
        }
    }

    private static async Task SendServerUrl(Process process, string serverUrl)
    {
        try
        {
            await process.StandardInput.WriteAsync(serverUrl).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The helper exited without reading stdin; its exit code and output tell what happened.
        }
    }

    private RegistryCredential? Interpret(int exitCode, string stdout, string stderr, string serverUrl)
    {
        if (exitCode != 0)
        {
            var message = (stdout.Trim() + "\n" + stderr.Trim()).Trim();
            if (message.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)) return null;
            throw new CredentialException(
                $"credential helper {Program} (named in {configuredIn}) failed for {serverUrl} with exit code {exitCode}: {FirstLine(message)}");
        }

        HelperAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(stdout, HelperAnswerJson.Default.HelperAnswer);
        }
        catch (JsonException e)
        {
            // The output is not quoted: it may hold the secret.
            throw new CredentialException($"credential helper {Program} (named in {configuredIn}) printed output for {serverUrl} that is not the expected JSON", e);
        }
        if (answer is null || string.IsNullOrEmpty(answer.Secret)) return null;
        return answer.Username == IdentityTokenUsername
            ? new RegistryCredential(null, null, answer.Secret)
            : new RegistryCredential(string.IsNullOrEmpty(answer.Username) ? null : answer.Username, answer.Secret, null);
    }

    private string FindOnPath()
    {
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new CredentialException($"{configuredIn}: credential helper name \"{name}\" must not contain a path");
        var fileNames = OperatingSystem.IsWindows() ? [Program + ".exe", Program + ".cmd", Program + ".bat"] : new[] { Program };
        var directories = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories)
            foreach (var fileName in fileNames)
            {
                var candidate = Path.Combine(directory, fileName);
                if (File.Exists(candidate)) return candidate;
            }
        throw new CredentialException($"credential helper {Program} (named in {configuredIn}) was not found on PATH");
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        if (line.Length == 0) return "(no output)";
        return line.Length > MaxQuotedOutput ? line[..MaxQuotedOutput] + "…" : line;
    }

    private static void KillQuietly(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception) { /* already gone */ }
    }

}

/// <summary>The helper protocol's answer: <c>{"ServerURL": …, "Username": …, "Secret": …}</c>.</summary>
internal sealed record HelperAnswer(string? ServerURL, string? Username, string? Secret);

/// <summary>Source-generated (no reflection), so the native AOT build reads helper answers too.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(HelperAnswer))]
internal sealed partial class HelperAnswerJson : JsonSerializerContext;
