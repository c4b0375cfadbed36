// SessionInfo: what a sink may know about the client session (for Received, XFORWARD, logs).
// One per connection, updated on HELO and TLS; read by sinks when they open a transaction.
using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Edge.Gateway.Transactions;

/// <summary>The client session, as sinks see it.</summary>
internal sealed class SessionInfo
{
    /// <summary>Connection id (Kestrel's), used as the session id in logs and Received.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>The listener's configured name.</summary>
    public required string ListenerName { get; init; }

    /// <summary>The client's address (from PROXY protocol when enabled).</summary>
    public IPEndPoint? Client { get; set; }

    /// <summary>The HELO/EHLO argument, sanitised, or null.</summary>
    public string? Helo { get; set; }

    /// <summary>The client used EHLO.</summary>
    public bool Extended { get; set; }

    /// <summary>Negotiated TLS protocol, or null in plaintext.</summary>
    public SslProtocols? TlsProtocol { get; set; }

    /// <summary>Negotiated cipher suite, or null.</summary>
    public TlsCipherSuite? TlsCipher { get; set; }

    /// <summary>The authenticated identity, or null.</summary>
    public string? AuthenticatedAs { get; set; }

    /// <summary>Transactions opened in this session (for ids).</summary>
    public int TransactionNumber { get; set; }

    /// <summary>The current transaction's content comes in BDAT chunks (RFC 3030) rather than DATA.</summary>
    public bool ContentChunked { get; set; }
}
