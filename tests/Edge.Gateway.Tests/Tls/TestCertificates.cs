// TestCertificates: self-signed ECDSA P-256 certificates for tests, written as PEM files the way operators deploy them.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Gateway.Tests.Tls;

internal static class TestCertificates
{
    public static X509Certificate2 Create(string commonName, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
        {
            san.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }

    /// <summary>Writes {name}.pem and {name}.key (PKCS#8) into <paramref name="directory"/>; returns the SHA-256 fingerprint.</summary>
    public static string WritePem(string directory, string name, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no key");
        File.WriteAllText(Path.Combine(directory, name + ".key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, name + ".pem"), certificate.ExportCertificatePem());
        return Fingerprint(certificate);
    }

    public static string Fingerprint(X509Certificate certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public static string CertPath(string directory, string name) => Path.Combine(directory, name + ".pem");

    public static string KeyPath(string directory, string name) => Path.Combine(directory, name + ".key");
}
