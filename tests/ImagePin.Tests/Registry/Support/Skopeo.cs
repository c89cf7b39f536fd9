using System.Diagnostics;

namespace ImagePin.Tests.Registry.Support;

/// <summary>An independent opinion on a tag's digest: skopeo's raw manifest bytes, hashed here.</summary>
internal static class Skopeo
{
    public static async Task<string> RawManifestDigestAsync(string imageReference, string? credentials = null)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "inspect", "--raw", "--tls-verify=false" }) start.ArgumentList.Add(arg);
        if (credentials is not null) { start.ArgumentList.Add("--creds"); start.ArgumentList.Add(credentials); }
        start.ArgumentList.Add("docker://" + imageReference);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            TestRegistries.Unavailable("skopeo is not installed (tests/infra/setup.sh installs it)");
            throw;
        }
        using (process)
        {
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"skopeo inspect {imageReference} took over 60 s");
            }
            await copy;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"skopeo inspect {imageReference} failed: {await errors}");
            return RegistryPusher.Sha256(output.ToArray());
        }
    }
}
