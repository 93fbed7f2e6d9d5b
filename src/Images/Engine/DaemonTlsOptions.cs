using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Buildpacks.Images.Engine;

/// <summary>
/// The TLS options of a connection to a daemon, as the docker CLI sets them up: the client certificate from
/// <c>cert.pem</c> and <c>key.pem</c>; the daemon's certificate verified (host name and chain) against <c>ca.pem</c>
/// alone when there is one, else the system's roots; nothing verified when <see cref="DaemonTls.Verify"/> is off.
/// </summary>
internal static class DaemonTlsOptions
{
    /// <exception cref="DaemonException">A file cannot be read or is not a PEM certificate or key.</exception>
    public static SslClientAuthenticationOptions Create(DaemonTls tls, DaemonEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var options = new SslClientAuthenticationOptions();
        try
        {
            if (tls.CertificateFile is { } certificate && tls.KeyFile is { } key)
            {
                options.ClientCertificates = [ClientCertificate(certificate, key)];
            }

            X509Certificate2Collection? roots = null;
            if (tls.Verify && tls.CaCertificateFile is { } ca)
            {
                roots = [];
                roots.ImportFromPemFile(ca);
                if (roots.Count == 0)
                {
                    throw new CryptographicException($"{ca} holds no certificate");
                }
            }

            options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Accept(tls.Verify, roots, certificate, chain, errors);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new DaemonException($"The TLS files of the daemon endpoint {endpoint} (from {endpoint.Source}) cannot be used: {e.Message}", e);
        }

        return options;
    }

    private static X509Certificate2 ClientCertificate(string certificateFile, string keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use the ephemeral key a PEM import gives: a round trip through PKCS#12 persists it.
        using (certificate)
        {
            return new X509Certificate2(certificate.Export(X509ContentType.Pkcs12));
        }
    }

    private static bool Accept(bool verify, X509Certificate2Collection? roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!verify)
        {
            return true;
        }

        if (roots is null)
        {
            return errors == SslPolicyErrors.None;
        }

        // The host name must match whatever the roots; the chain must end at one of ca.pem's certificates.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
