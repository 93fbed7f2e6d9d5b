using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Buildpacks.Images.Daemon.Tests.Support;

/// <summary>
/// A CA of the test's own, a daemon certificate for 127.0.0.1 and a client certificate, both signed by it: what
/// <c>dockerd --tlsverify</c> and the docker CLI's <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> hold.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client)
    {
        Ca = ca;
        Server = server;
        Client = client;
    }

    /// <summary>The CA, with its key.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The daemon's certificate for 127.0.0.1, with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The client's certificate, with its key.</summary>
    public X509Certificate2 Client { get; }

    public static TestCertificates Create(string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(IPAddress.Loopback);
        var server = Issue(ca, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", sans.Build());
        var client = Issue(ca, "CN=client", "1.3.6.1.5.5.7.3.2", null);
        return new TestCertificates(ca, server, client);
    }

    /// <summary>Writes <c>ca.pem</c> (this CA), <c>cert.pem</c> and <c>key.pem</c> (the client's) into <paramref name="directory"/>.</summary>
    public void WriteClientFiles(string directory, TestCertificates? trust = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), (trust ?? this).Ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "cert.pem"), Client.ExportCertificatePem());
        using var key = Client.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Whether <paramref name="certificate"/> was issued by this CA.</summary>
    public bool Issued(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, string usage, X509Extension? sans)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (sans is not null)
        {
            request.CertificateExtensions.Add(sans);
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
