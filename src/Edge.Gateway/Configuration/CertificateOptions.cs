// CertificateOptions: one certificate of "Edge:Tls:Certificates": PEM files and the host names it serves.
namespace Edge.Gateway.Configuration;

/// <summary>One certificate: a PEM chain (leaf first) and its private key, served for <see cref="Hosts"/>.</summary>
public sealed class CertificateOptions
{
    /// <summary>PEM file with the certificate chain, leaf first.</summary>
    public string CertPath { get; set; } = "";

    /// <summary>PEM file with the private key (PKCS#8, RSA or EC).</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>SNI host names this certificate is served for (exact, or <c>*.example.com</c>). The first certificate is also the default.</summary>
    public List<string> Hosts { get; init; } = [];
}
