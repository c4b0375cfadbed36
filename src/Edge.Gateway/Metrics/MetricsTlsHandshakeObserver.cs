// MetricsTlsHandshakeObserver: the ITlsHandshakeObserver registered by the metrics services; turns handshake
// outcomes into edge_tls_handshakes_total, _duration_seconds and _failures_total. Cheap and never throws.
using System.Security.Authentication;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Metrics;

/// <summary>Counts TLS handshakes.</summary>
internal sealed class MetricsTlsHandshakeObserver(EdgeMetrics metrics) : ITlsHandshakeObserver
{
    public void HandshakeSucceeded(string listener, TlsMode mode, SslProtocols protocol, TimeSpan duration) =>
        metrics.Listener(listener, mode).Handshakes(mode).Succeeded(protocol, duration);

    public void HandshakeFailed(string listener, TlsMode mode, HandshakeFailureReason reason, TimeSpan duration) =>
        metrics.Listener(listener, mode).Handshakes(mode).Failed(reason, duration);
}
