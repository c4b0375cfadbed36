// MailOutcome: how MAIL FROM went on a backend, which decides between answering the client and failing over.
namespace Edge.Gateway.Relay;

/// <summary>Result of <see cref="RelayTransaction.SendMailAsync"/>.</summary>
internal enum MailOutcome
{
    /// <summary>2xx: the transaction is open.</summary>
    Accepted,
    /// <summary>4xx/5xx from the backend: the client gets it; the connection is fine.</summary>
    Refused,
    /// <summary>The connection failed (I/O, timeout, 421): another connection or backend may be tried.</summary>
    Failed,
    /// <summary>A reply the step does not allow: 451 4.3.0, the connection is discarded.</summary>
    Unexpected,
}
