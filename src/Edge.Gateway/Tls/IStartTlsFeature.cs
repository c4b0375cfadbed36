// IStartTlsFeature: the per-connection TLS seam the SMTP handler sees. Set on ConnectionContext.Features by
// TlsUpgradeMiddleware on every listener (plain listeners get a feature that cannot start TLS).
// The handler must have written and flushed "220 2.0.0 Ready to start TLS" and discarded all buffered input
// before calling UpgradeAsync, and must re-read ConnectionContext.Transport afterwards.
namespace Edge.Gateway.Tls;

/// <summary>TLS state and the STARTTLS upgrade of one connection.</summary>
public interface IStartTlsFeature
{
    /// <summary>TLS is on: implicit TLS, or after a successful STARTTLS.</summary>
    bool IsActive { get; }

    /// <summary>The listener is in STARTTLS mode, TLS is not active or attempted yet, and a certificate is available.</summary>
    bool CanStartTls { get; }

    /// <summary>Negotiated values after a successful handshake; null before.</summary>
    TlsHandshakeInfo? Handshake { get; }

    /// <summary>
    /// Runs the server handshake over the current transport. True: <c>ConnectionContext.Transport</c> is now the TLS pipe.
    /// False: the handshake failed or was not allowed; nothing more may be written, the caller should close.
    /// </summary>
    ValueTask<bool> UpgradeAsync(CancellationToken cancellationToken);
}
