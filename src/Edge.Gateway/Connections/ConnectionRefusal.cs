// ConnectionRefusal: why connection middleware closed a connection before the SMTP session began. A bounded
// set (log field, future metric label `reason`); the counts live in ListenerConnectionState.
namespace Edge.Gateway.Connections;

/// <summary>The reason a connection was refused by connection-level policy.</summary>
internal enum ConnectionRefusal : byte
{
    /// <summary>PROXY listener: the TCP peer is not in <c>TrustedProxies</c>.</summary>
    ProxyUntrusted = 0,
    /// <summary>PROXY listener: no valid header (malformed, not PROXY protocol, or the peer closed first).</summary>
    ProxyMalformed,
    /// <summary>PROXY listener: the header did not arrive in time.</summary>
    ProxyTimeout,
    /// <summary>The listener's <c>MaxConnections</c> was reached (421).</summary>
    ListenerLimit,
    /// <summary>The client address's <c>MaxConnectionsPerAddress</c> was reached (421).</summary>
    AddressLimit,
    /// <summary>The client talked before the greeting (554).</summary>
    EarlyTalker,
    /// <summary>The client address's <c>ConnectionRatePerAddress</c> was exceeded (421).</summary>
    AddressRate,
}
