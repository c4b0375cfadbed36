// TlsOptions: the "Edge:Tls" configuration section (certificates by SNI, handshake limits).
// Bound from configuration; validated at start-up by TlsOptionsValidator.
namespace Edge.Gateway.Configuration;

/// <summary>TLS settings shared by every listener (<c>Edge:Tls</c>).</summary>
public sealed class TlsOptions
{
    /// <summary>Certificates (PEM chain + key), selected by SNI. Empty: a self-signed ECDSA P-256 certificate is made at start-up.</summary>
    public List<CertificateOptions> Certificates { get; init; } = [];

    /// <summary>How long a client has to finish the TLS handshake (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reload certificate files when they change on disk (default true).</summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>Quiet period after the last file change before reloading, so a cert and key written one after the other load together (default 1 s).</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromSeconds(1);
}
