using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Buildpacks.TestInfrastructure.Registry;

/// <summary>How a test registry authenticates.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>Users for HTTP Basic auth (htpasswd, bcrypt); null for no Basic auth.</summary>
    public IReadOnlyDictionary<string, string>? BasicUsers { get; init; }

    /// <summary>The token service that issues Bearer tokens for this registry; null for no token auth.</summary>
    public TokenService? TokenService { get; init; }

    /// <summary>Serve HTTPS with a freshly made self-signed certificate instead of plain HTTP.</summary>
    public bool UseTls { get; init; }
}

/// <summary>
/// A real registry (Debian's <c>docker-registry</c>, CNCF distribution 2.8) on a free 127.0.0.1 port with its own
/// storage directory, for one test. Stopped by PID and its directory deleted on dispose, so tests share no state.
/// Fails (never skips) when the binary is missing.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly TempDirectory _directory;

    private RegistryServer(Process process, StringBuilder output, TempDirectory directory, int port, bool tls)
    {
        _process = process;
        _output = output;
        _directory = directory;
        Port = port;
        UsesTls = tls;
    }

    /// <summary>Whether the registry serves HTTPS (with a self-signed certificate).</summary>
    public bool UsesTls { get; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The registry name to use in image references, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The registry's filesystem storage root.</summary>
    public string StorageDirectory => _directory.Combine("data");

    /// <summary>What the registry printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a registry and waits until GET /v2/ answers.</summary>
    public static async Task<RegistryServer> StartAsync(RegistryServerOptions? options = null)
    {
        var binary = RequiredServices.RequireTool("docker-registry");
        options ??= new RegistryServerOptions();
        for (var attempt = 1; ; attempt++)
        {
            var directory = new TempDirectory("bp-registry");
            var port = FreePort();
            var config = await WriteConfigAsync(directory, port, options).ConfigureAwait(false);
            var output = new StringBuilder();
            var process = Launch(binary, config, output);
            var server = new RegistryServer(process, output, directory, port, options.UseTls);
            try
            {
                await server.WaitUntilReadyAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                // Another process took the port between our probe and the registry's bind: try another port.
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>The file holding a blob's bytes in the registry's storage (to corrupt it on purpose).</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> WriteConfigAsync(TempDirectory directory, int port, RegistryServerOptions options)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine("  level: info");
        yaml.AppendLine("  accesslog:");
        yaml.AppendLine("    disabled: true");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine($"    rootdirectory: {directory.Combine("data")}");
        yaml.AppendLine("  delete:");
        yaml.AppendLine("    enabled: true");
        yaml.AppendLine("http:");
        yaml.AppendLine($"  addr: 127.0.0.1:{port}");
        yaml.AppendLine($"  secret: {Guid.NewGuid():N}");
        if (options.UseTls)
        {
            var (certificate, key) = SelfSignedCertificate();
            yaml.AppendLine("  tls:");
            yaml.AppendLine($"    certificate: {directory.WriteFile("tls.crt", certificate)}");
            yaml.AppendLine($"    key: {directory.WriteFile("tls.key", key)}");
        }

        if (options.BasicUsers is { } users)
        {
            var lines = new StringBuilder();
            foreach (var (user, password) in users)
            {
                var entry = await ProcessRunner.RunCheckedAsync(RequiredServices.RequireTool("htpasswd"), "-Bbn", user, password).ConfigureAwait(false);
                lines.AppendLine(entry.Trim());
            }

            var htpasswd = directory.WriteFile("htpasswd", lines.ToString());
            yaml.AppendLine("auth:");
            yaml.AppendLine("  htpasswd:");
            yaml.AppendLine("    realm: buildpacks-test");
            yaml.AppendLine($"    path: {htpasswd}");
        }
        else if (options.TokenService is { } tokens)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  token:");
            yaml.AppendLine($"    realm: {tokens.Realm}");
            yaml.AppendLine($"    service: {tokens.Service}");
            yaml.AppendLine($"    issuer: {tokens.Issuer}");
            yaml.AppendLine($"    rootcertbundle: {tokens.CertificateBundlePath}");
        }

        return directory.WriteFile("config.yml", yaml.ToString());
    }

    private static (string Certificate, string Key) SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static Process Launch(string binary, string config, StringBuilder output)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        var process = new Process { StartInfo = info };
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                // Bounded: a long test must not grow this without limit.
                if (output.Length < 1_000_000)
                {
                    output.AppendLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        // The probe trusts the registry's own self-signed certificate: it only asks whether the server is up.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} before answering:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{(UsesTls ? "https" : "http")}://{Address}/v2/")).ConfigureAwait(false);
                return; // 200 or 401: it is serving.
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"docker-registry did not answer on {Address} within 30 s:\n{Output}");
    }
}
