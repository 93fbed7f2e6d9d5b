namespace Buildpacks.Images.Engine;

/// <summary>
/// TLS to a TCP daemon endpoint, with the files the docker CLI uses: the CA that signed the daemon's certificate
/// (<c>ca.pem</c>) and the client's certificate and key (<c>cert.pem</c>, <c>key.pem</c>). Only files that exist are
/// named; without a CA the system's roots verify the daemon.
/// </summary>
public sealed record DaemonTls
{
    /// <summary>Whether the daemon's certificate is verified (host name and chain); off is the CLI's <c>--tls</c> without <c>--tlsverify</c>.</summary>
    public bool Verify { get; init; } = true;

    /// <summary>The CA certificate(s) to trust instead of the system's roots (PEM), or null.</summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>The client certificate (PEM), or null to present none.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The client certificate's private key (PEM), or null.</summary>
    public string? KeyFile { get; init; }

    /// <summary>TLS with the <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> of <paramref name="directory"/> that exist.</summary>
    public static DaemonTls FromDirectory(string directory, bool verify)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string? Existing(string name) => File.Exists(Path.Combine(directory, name)) ? Path.Combine(directory, name) : null;
        var certificate = Existing("cert.pem");
        var key = Existing("key.pem");
        return new DaemonTls
        {
            Verify = verify,
            CaCertificateFile = Existing("ca.pem"),

            // A certificate without its key (or the reverse) cannot be presented: the CLI drops both too.
            CertificateFile = certificate is not null && key is not null ? certificate : null,
            KeyFile = certificate is not null && key is not null ? key : null,
        };
    }

    /// <summary>Whether <paramref name="directory"/> holds any of the TLS files.</summary>
    internal static bool AnyIn(string directory) =>
        new[] { "ca.pem", "cert.pem", "key.pem" }.Any(name => File.Exists(Path.Combine(directory, name)));
}
