// SessionState: where an SMTP session is (RFC 5321 3.3 and 4.1.4), from the machine's point of view.
namespace Edge.Protocol.Session;

/// <summary>The states of <see cref="SmtpSession"/>.</summary>
public enum SessionState : byte
{
    /// <summary>Greeting sent; no HELO/EHLO yet (also after STARTTLS, RFC 3207 4.2).</summary>
    AwaitingHelo = 0,
    /// <summary>HELO/EHLO done, no transaction.</summary>
    Ready,
    /// <summary>MAIL accepted, no recipient accepted yet.</summary>
    MailGiven,
    /// <summary>At least one recipient accepted.</summary>
    RecipientGiven,
    /// <summary>DATA accepted (354 sent): the gateway is framing message content, not commands.</summary>
    ReceivingData,
    /// <summary>At least one non-LAST BDAT chunk received (RFC 3030): only BDAT, RSET, NOOP, QUIT may follow.</summary>
    ReceivingChunks,
    /// <summary>A SASL exchange is in progress (RFC 4954): lines are responses, not commands.</summary>
    Authenticating,
    /// <summary>The session is over; nothing more is read.</summary>
    Closed,
}
