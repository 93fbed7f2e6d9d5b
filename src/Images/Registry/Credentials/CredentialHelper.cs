using System.Diagnostics;
using System.Text.Json;
using Buildpacks.Images.Registry.Json;

namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// Runs a Docker credential helper (<c>docker-credential-&lt;name&gt; get</c>, the server URL on stdin, JSON on
/// stdout), the protocol of docker/docker-credential-helpers.
/// </summary>
public sealed class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyList<string> _searchPath;

    /// <summary>Looks helpers up in <paramref name="searchPath"/> (directories, in order).</summary>
    public CredentialHelper(IReadOnlyList<string> searchPath)
    {
        _searchPath = searchPath;
    }

    /// <summary>
    /// The file names <paramref name="program"/> is found under: itself, and on Windows first with each extension of
    /// PATHEXT, as Go's exec.LookPath finds it for the docker CLI (Docker Desktop's helper is
    /// <c>docker-credential-desktop.exe</c>, gcloud's a <c>.cmd</c>).
    /// </summary>
    internal static IReadOnlyList<string> ExecutableNames(string program, bool windows, string? pathExt)
    {
        if (!windows)
        {
            return [program];
        }

        var extensions = (string.IsNullOrWhiteSpace(pathExt) ? ".COM;.EXE;.BAT;.CMD" : pathExt)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.StartsWith('.') ? e : "." + e);
        return [.. extensions.Select(e => program + e.ToLowerInvariant()), program];
    }

    /// <summary>The directories of the PATH environment variable.</summary>
    public static IReadOnlyList<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Asks helper <paramref name="name"/> for the credentials of <paramref name="serverUrl"/>. Returns null when the
    /// helper has none (it exits non-zero, e.g. "credentials not found in native keychain"); throws
    /// <see cref="CredentialHelperException"/> when the helper cannot be run or answers nonsense.
    /// </summary>
    public async Task<RegistryCredential?> GetAsync(string name, string serverUrl, CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + name;
        var names = ExecutableNames(program, OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable("PATHEXT"));
        var path = _searchPath.SelectMany(d => names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists)
            ?? throw new CredentialHelperException(program, $"it was not found on the search path ({string.Join(Path.PathSeparator, _searchPath)})");

        var info = new ProcessStartInfo(path, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CredentialHelperException(program, "it could not be started: " + ex.Message);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(serverUrl).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited without reading its input (e.g. it has nothing stored); its exit code says so.
            }

            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // The protocol's way of saying "no credentials for this server"; stdout says why, never a secret.
                return null;
            }

            return Parse(program, output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new CredentialHelperException(program, $"it did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private static RegistryCredential? Parse(string program, string output)
    {
        CredentialHelperOutput? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.CredentialHelperOutput);
        }
        catch (JsonException)
        {
            // Do not echo the output: it may hold the secret.
            throw new CredentialHelperException(program, "its output is not the JSON object the credential helper protocol defines");
        }

        if (parsed is null || string.IsNullOrEmpty(parsed.Secret))
        {
            return null;
        }

        // docker-credential-helpers mark an identity token with the user name "<token>".
        return parsed.Username == "<token>"
            ? RegistryCredential.FromIdentityToken(parsed.Secret)
            : RegistryCredential.FromPassword(parsed.Username ?? string.Empty, parsed.Secret);
    }
}
