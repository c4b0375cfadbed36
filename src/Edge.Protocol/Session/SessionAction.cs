// SessionAction: what the gateway must do for a command, beyond writing the decision's reply.
namespace Edge.Protocol.Session;

/// <summary>The I/O the gateway performs for a <see cref="Decision"/>. The machine never does I/O itself.</summary>
public enum SessionAction : byte
{
    /// <summary>Write <see cref="Decision.Reply"/> and read the next command.</summary>
    Reply = 0,
    /// <summary>Write <see cref="Decision.Reply"/>, flush, and close the connection (QUIT, limits).</summary>
    Close,
    /// <summary>
    /// Write <see cref="Decision.Reply"/> (220), discard every byte buffered after the STARTTLS line, flush, run the
    /// handshake, then call <see cref="SmtpSession.TlsStarted"/> (RFC 3207 4.2: all state is forgotten).
    /// </summary>
    StartTls,
    /// <summary>MAIL is valid: open a transaction with the sink/relay, reply with its answer, then call <see cref="SmtpSession.MailAccepted"/> on success.</summary>
    Mail,
    /// <summary>RCPT is valid: ask the sink/relay, reply with its answer, then call <see cref="SmtpSession.RecipientAccepted"/> or <see cref="SmtpSession.RecipientRefused"/>.</summary>
    Recipient,
    /// <summary>DATA is valid: ask the sink to begin content; on success reply 354, call <see cref="SmtpSession.DataStarted"/>, and frame the content.</summary>
    Data,
    /// <summary>BDAT is valid: read exactly the chunk size octets into the transaction, then call <see cref="SmtpSession.ChunkReceived"/>.</summary>
    Chunk,
    /// <summary>BDAT was refused: read and discard exactly the chunk size octets (RFC 3030 2), then write the reply.</summary>
    DiscardChunk,
    /// <summary>AUTH is allowed: run the SASL exchange for the mechanism, then call <see cref="SmtpSession.AuthenticationEnded"/>.</summary>
    Authenticate,
}
