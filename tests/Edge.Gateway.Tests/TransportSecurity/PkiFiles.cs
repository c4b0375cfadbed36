// PkiFiles: a scratch directory of PEM certificates as operators deploy them: self-signed leaves with chosen SANs
// and validity, or leaves issued by an in-test CA (chain file = leaf then CA), plus their TLSA 3 1 1 / 2 1 1 data.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Gateway.Tests.TransportSecurity;

internal sealed class PkiFiles : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-sts-");

    public string Root => _directory.FullName;

    public string CertPath(string name) => Path.Combine(Root, name + ".pem");

    public string KeyPath(string name) => Path.Combine(Root, name + ".key");

    /// <summary>A CA certificate (with key) for issuing leaves.</summary>
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
    }

    /// <summary>Writes name.pem (leaf, then the CA when issued) and name.key; returns the leaf (caller disposes).</summary>
    public X509Certificate2 Write(string name, string[] dnsNames, TimeSpan? validFor = null, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
        {
            san.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + (validFor ?? TimeSpan.FromDays(90));
        X509Certificate2 leaf;
        if (issuer is null)
        {
            leaf = request.CreateSelfSigned(now.AddMinutes(-5), notAfter);
        }
        else
        {
            var serial = RandomNumberGenerator.GetBytes(12);
            serial[0] &= 0x7f;
            using var issued = request.Create(issuer, now.AddMinutes(-5), notAfter, serial);
            leaf = issued.CopyWithPrivateKey(key);
        }

        using (var privateKey = leaf.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no key"))
        {
            File.WriteAllText(KeyPath(name), privateKey.ExportPkcs8PrivateKeyPem());
        }

        var pem = leaf.ExportCertificatePem() + "\n" + (issuer is null ? "" : issuer.ExportCertificatePem() + "\n");
        File.WriteAllText(CertPath(name), pem);
        return leaf;
    }

    /// <summary>Hex SHA-256 of the certificate's SubjectPublicKeyInfo (TLSA selector 1, matching type 1).</summary>
    public static string SpkiSha256(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
