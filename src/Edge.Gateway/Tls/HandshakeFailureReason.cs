// HandshakeFailureReason: the bounded set of reasons a TLS handshake failed, for logs and metric labels.
// Classified by which token fired and by exception types/error codes, never by message text.
namespace Edge.Gateway.Tls;

/// <summary>Why a TLS handshake did not complete.</summary>
public enum HandshakeFailureReason : byte
{
    /// <summary>The handshake did not finish within the listener's handshake timeout.</summary>
    Timeout,

    /// <summary>The client closed or reset the connection during the handshake.</summary>
    ClientGone,

    /// <summary>The client offered only protocol versions we do not enable (below TLS 1.2).</summary>
    ProtocolVersion,

    /// <summary>No cipher suite (or group/signature algorithm) in common with the client.</summary>
    NoSharedCipher,

    /// <summary>The first bytes were not a TLS handshake record (plaintext, e.g. commands injected after STARTTLS).</summary>
    NotTls,

    /// <summary>Anything else (bad record, internal error, caller cancellation).</summary>
    Other,
}
