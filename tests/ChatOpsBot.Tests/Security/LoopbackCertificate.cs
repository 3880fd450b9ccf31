using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// A certificate authority made for one test run and a server certificate it issued for 127.0.0.1. Only the bot
/// process started by the test trusts it, through <c>SSL_CERT_FILE</c> pointing at <see cref="AuthorityPemPath"/>;
/// nothing is written to the system's trust store.
/// </summary>
public sealed class LoopbackCertificate : IDisposable
{
    private LoopbackCertificate(X509Certificate2 server, string authorityPemPath)
    {
        Server = server;
        AuthorityPemPath = authorityPemPath;
    }

    /// <summary>The server certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A PEM file holding only the authority's certificate.</summary>
    public string AuthorityPemPath { get; }

    public static LoopbackCertificate Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=ChatOpsBot test authority", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        using var issued = serverRequest.Create(authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // A round trip through PKCS#12 gives a certificate whose key every platform's TLS stack can use.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        var pemPath = Path.Combine(Path.GetTempPath(), $"chatopsbot-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pemPath, authority.ExportCertificatePem());
        return new LoopbackCertificate(server, pemPath);
    }

    public void Dispose()
    {
        Server.Dispose();
        File.Delete(AuthorityPemPath);
    }
}
