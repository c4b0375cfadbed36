// ITlsHandshakeObserver: where handshake outcomes go (metrics plug in here). Called once per handshake
// attempt on the connection's thread; implementations must be cheap and must not throw.
using System.Security.Authentication;

namespace Edge.Gateway.Tls;

/// <summary>Receives the outcome of every TLS handshake.</summary>
public interface ITlsHandshakeObserver
{
    /// <summary>A handshake completed.</summary>
    void HandshakeSucceeded(string listener, TlsMode mode, SslProtocols protocol, TimeSpan duration);

    /// <summary>A handshake failed; the connection is being closed.</summary>
    void HandshakeFailed(string listener, TlsMode mode, HandshakeFailureReason reason, TimeSpan duration);
}
