// RelayFailure: why a backend connection stopped being usable. Every kind but None discards the connection;
// none of them is ever answered to the client with a 2xx.
namespace Edge.Gateway.Relay;

/// <summary>The kind of failure on a backend connection.</summary>
internal enum RelayFailure
{
    /// <summary>No failure.</summary>
    None,
    /// <summary>The connection could not be made, or the peer closed or reset it.</summary>
    ConnectionLost,
    /// <summary>A stage timeout expired.</summary>
    Timeout,
    /// <summary>The client's connection was closed while waiting.</summary>
    Cancelled,
    /// <summary>The backend sent something that is not an SMTP reply (or too much of it).</summary>
    ProtocolViolation,
    /// <summary>A reply of a class the step does not allow (e.g. 2xx to DATA), or a refused greeting/EHLO.</summary>
    UnexpectedReply,
    /// <summary>TLS could not be established or verified (or STARTTLS was required and not offered).</summary>
    Tls,
    /// <summary>8-bit content for a backend without 8BITMIME (no down-conversion): the client gets 554 5.6.3.</summary>
    EightBitUnsupported,
}
