// CertificateLoader: turns TlsOptions into ServerCertificates: PEM chain + key files, or a self-signed ECDSA P-256
// certificate for the default host name when none is configured (so a first run works).
// Throws on unreadable or mismatched files; the store decides whether that is fatal (start-up) or not (reload).
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Tls;

/// <summary>Loads or creates server certificates.</summary>
internal static class CertificateLoader
{
    public const SslProtocols EnabledProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static ServerCertificate LoadPem(CertificateOptions options)
    {
        // The leaf (first certificate) with the matching private key; the rest of the file is the chain.
        var leaf = X509Certificate2.CreateFromPemFile(options.CertPath, options.KeyPath);
        var intermediates = new X509Certificate2Collection();
        try
        {
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(options.CertPath);
            for (var i = 0; i < all.Count; i++)
            {
                if (i == 0)
                {
                    all[i].Dispose();
                }
                else
                {
                    intermediates.Add(all[i]);
                }
            }

            IReadOnlyList<string> hosts = options.Hosts.Count > 0 ? [.. options.Hosts] : DnsNames(leaf);
            return new ServerCertificate(leaf, intermediates, hosts, selfSigned: false);
        }
        catch
        {
            leaf.Dispose();
            foreach (var intermediate in intermediates)
            {
                intermediate.Dispose();
            }

            throw;
        }
    }

    public static ServerCertificate CreateSelfSigned(string hostName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(hostName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));

        // Works with SslStream directly on Linux; Windows (SChannel) would need a PKCS#12 round trip for the key.
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return new ServerCertificate(certificate, [], [hostName], selfSigned: true);
    }

    /// <summary>The DNS names of the certificate's subjectAltName extension.</summary>
    internal static List<string> DnsNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var dns in san.EnumerateDnsNames())
                {
                    names.Add(dns);
                }
            }
        }

        return names;
    }
}
