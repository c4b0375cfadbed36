// NullTlsHandshakeObserver: the default ITlsHandshakeObserver (registered with TryAdd) until metrics replace it.
using System.Security.Authentication;

namespace Edge.Gateway.Tls;

/// <summary>Ignores handshake outcomes.</summary>
internal sealed class NullTlsHandshakeObserver : ITlsHandshakeObserver
{
    public static readonly NullTlsHandshakeObserver Instance = new();

    public void HandshakeSucceeded(string listener, TlsMode mode, SslProtocols protocol, TimeSpan duration)
    {
    }

    public void HandshakeFailed(string listener, TlsMode mode, HandshakeFailureReason reason, TimeSpan duration)
    {
    }
}
