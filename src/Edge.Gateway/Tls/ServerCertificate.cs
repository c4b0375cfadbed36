// ServerCertificate: one loaded certificate, ready to serve: its SslStreamCertificateContext is built once
// here (chain, OCSP, the native SSL context cache) and reused by every handshake, which is what makes TLS
// session resumption work across connections.
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Gateway.Tls;

/// <summary>A certificate with its prebuilt server options and the host names it serves.</summary>
internal sealed class ServerCertificate : IDisposable
{
    public ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates, IReadOnlyList<string> hosts, bool selfSigned)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        Hosts = hosts;
        SelfSigned = selfSigned;
        Fingerprint = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

        // offline: never fetch missing intermediates over the network at start-up; serve what the PEM holds.
        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        Options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = context,
            // SECURITY: TLS 1.2 and 1.3 only, set explicitly rather than trusting the distribution's openssl.cnf.
            EnabledSslProtocols = CertificateLoader.EnabledProtocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // SECURITY: no renegotiation (client-initiated renegotiation is a DoS and injection vector).
            AllowRenegotiation = false,
            AllowTlsResume = true,
            // SMTP has no ALPN (ApplicationProtocols stays null: nothing is advertised).
        };
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection Intermediates { get; }

    /// <summary>SNI names (exact, or "*.example.com") this certificate is selected for.</summary>
    public IReadOnlyList<string> Hosts { get; }

    public bool SelfSigned { get; }

    /// <summary>SHA-256 of the DER certificate, hex.</summary>
    public string Fingerprint { get; }

    /// <summary>Shared, read-only server options for SslStream (SslStream copies them per handshake).</summary>
    public SslServerAuthenticationOptions Options { get; }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }
}
